"""Why a read failed, in plain words: the message of a failed read's finding.

A read through fsspec fails with whatever its client library raises, and their texts are
written for the library's developers (aiohttp: ``Cannot connect to host 127.0.0.1:9
ssl:default [Connect call failed ('127.0.0.1', 9)]``). A person validating a store wants
to know what to do: the host is not answering, the name does not resolve, the server
refused, credentials are missing. `plain_reason` says that, from the exception's class
names and attributes only, so no client library is imported to tell them apart (they
load lazily, and S3's botocore may not be installed at all). An exception it does not
know keeps its class name and text, cut short.
"""

from __future__ import annotations

import errno

__all__ = ["plain_reason"]

#: The longest reason kept from an exception this module does not know.
_MAX_TEXT = 240


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def _os_words(exc: BaseException | None) -> str:
    """``connection refused``, ``network is unreachable``... from an OSError, or ''."""
    if not isinstance(exc, OSError):
        return ""
    if exc.errno == errno.ECONNREFUSED:
        return "connection refused"
    if exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return ""


def _address(exc: BaseException) -> str:
    host, port = getattr(exc, "host", None), getattr(exc, "port", None)
    if not host:
        return "the server"
    return f"{host}:{port}" if port else str(host)


def plain_reason(exc: BaseException) -> str:
    """What went wrong when reading, for a person: no library jargon where it is known."""
    names = _names(exc)
    if "NoCredentialsError" in names or "PartialCredentialsError" in names:
        return "no AWS credentials were found"
    if "ClientConnectorDNSError" in names:
        return f"the host {getattr(exc, 'host', '') or '?'} was not found (check the URL)"
    if names & {"ClientConnectorCertificateError", "ClientConnectorSSLError", "ClientSSLError"}:
        return f"a secure (TLS) connection to {_address(exc)} failed"
    if "ClientConnectorError" in names:
        words = _os_words(getattr(exc, "os_error", None)) or "no answer"
        return f"cannot connect to {_address(exc)} ({words})"
    if "EndpointConnectionError" in names:  # botocore
        url = getattr(exc, "kwargs", {}).get("endpoint_url", "the endpoint")
        return f"cannot connect to {url}"
    if names & {"ServerDisconnectedError", "ClientConnectionResetError"}:
        return "the server closed the connection"
    if "ClientResponseError" in names:
        status = getattr(exc, "status", None)
        reason = getattr(exc, "message", "") or ""
        return f"the server answered {status} {reason}".rstrip()
    text = str(exc)
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:_MAX_TEXT]
