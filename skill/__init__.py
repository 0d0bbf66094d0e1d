"""Back pain check for breast cancer survivors: an Alexa skill backend."""

__version__ = "0.1.0"
