"""End-to-end tests: spoken utterances, resolved by the interaction models in
virtual-alexa, sent over HTTP to the real web service under gunicorn."""
