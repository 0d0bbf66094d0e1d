"""A load-time fix for oscrypto 1.3.0 on OpenSSL 3.0.10 and later.

``ask-sdk-webservice-support`` -> ``certvalidator`` -> ``oscrypto`` 1.3.0
reads the libcrypto version with the pattern ``\\d\\.\\d\\.\\d[a-z]*``,
which finds nothing in "OpenSSL 3.0.19" and so raises
``LibraryNotFoundError`` at import. Upstream fixed the pattern
(``\\d+``) after 1.3.0 but has not released it. Until it does, this finder
loads oscrypto's two version-sniffing modules with the fixed pattern; it
changes nothing else, and does nothing once a fixed oscrypto is installed.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys

_PATCHED = ("oscrypto._openssl._libcrypto_cffi", "oscrypto._openssl._libcrypto_ctypes")
_OLD = "'\\\\b(\\\\d\\\\.\\\\d\\\\.\\\\d[a-z]*)\\\\b'"
_NEW = "'\\\\b(\\\\d\\\\.\\\\d\\\\.\\\\d+[a-z]*)\\\\b'"


class _FixedSourceLoader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname):  # type: ignore[override]
        source = self.get_data(self.path).decode("utf-8").replace(_OLD, _NEW)
        return compile(source, self.path, "exec", dont_inherit=True)


class OscryptoVersionFix(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # type: ignore[override]
        if fullname not in _PATCHED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return spec
        loader = _FixedSourceLoader(fullname, spec.origin)
        return importlib.util.spec_from_file_location(fullname, spec.origin, loader=loader)


def install() -> None:
    """Idempotent; call before importing the web-service verifier."""
    if not any(isinstance(f, OscryptoVersionFix) for f in sys.meta_path):
        sys.meta_path.insert(0, OscryptoVersionFix())
