"""The one exception type of the package, with a stable code like the API's."""

from typing import Any, Dict, List, Optional


class AnnealError(Exception):
    """An error from Anneal or from this package.

    code: the API's `extensions.code` (BAD_USER_INPUT, NOT_FOUND, UNAUTHENTICATED, ...) or one of
    this package's: NO_API_KEY, API_UNREACHABLE, BAD_RESPONSE, TIMEOUT, MISSING_PACKAGE, BAD_ARGUMENT.
    problems: for an invalid sweep config, every problem with its path, e.g.
    [{"path": "config.parameters.lr.min", "message": "..."}].
    """

    def __init__(self, code: str, message: str, problems: Optional[List[Dict[str, str]]] = None, errors: Optional[List[Dict[str, Any]]] = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems: List[Dict[str, str]] = list(problems or [])
        self.errors: List[Dict[str, Any]] = list(errors or [])

    def __str__(self) -> str:
        return "%s: %s" % (self.code, self.message)


def missing_package(feature: str, package: str, extra: str) -> AnnealError:
    return AnnealError(
        "MISSING_PACKAGE",
        "%s needs the '%s' package, which is not installed (pip install %s, or pip install 'anneal[%s]')" % (feature, package, package, extra),
    )
