"""The sign-in certificate: a PEM private key, or the .pfx that Microsoft's set-up guide makes.

The library reads only PEM text; a .pfx (PKCS#12, binary, usually with a password) handed to it
ends in a raw UnicodeDecodeError at the first request. Here both become the PEM private key and
the certificate's thumbprint (a .pfx carries its certificate, so its thumbprint need not be set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from connectors.sharepoint.errors import SharePointConfigError
from connectors.sharepoint.settings import CERT_PASSWORD, CERT_PATH, CERT_THUMBPRINT

PEM_MARKER = b"-----BEGIN"


@dataclass(frozen=True)
class SigningKey:
    private_key: str = field(repr=False)  # PEM text
    thumbprint: str  # SHA-1 of the certificate, hex upper case; "" when only a PEM key is given


def load_signing_key(path: Path, password: str) -> SigningKey:
    """The private key (and, for a .pfx, the thumbprint) from `path`; plain errors otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SharePointConfigError(
            f"{CERT_PATH}: the certificate file {path} cannot be read ({exc.strerror}). Point it "
            "at the .pfx or PEM file of the certificate uploaded to the app registration."
        ) from None
    if PEM_MARKER in data:
        return _from_pem(data, path)
    return _from_pfx(data, path, password)


def _from_pem(data: bytes, path: Path) -> SigningKey:
    text = data.decode("ascii", errors="replace")
    if "PRIVATE KEY-----" not in text:
        raise SharePointConfigError(
            f"{CERT_PATH}: {path} is a PEM file without a private key. Use the PEM file holding "
            "the private key (or the .pfx) of the certificate uploaded to the app registration."
        )
    return SigningKey(private_key=text, thumbprint="")


def _from_pfx(data: bytes, path: Path, password: str) -> SigningKey:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError:
        raise SharePointConfigError(
            f"{CERT_PATH}: {path} is neither a PEM file nor a .pfx that {CERT_PASSWORD} opens. "
            f"Check {CERT_PASSWORD} (the password given when the .pfx was exported)."
        ) from None
    if key is None or certificate is None:
        raise SharePointConfigError(
            f"{CERT_PATH}: the .pfx {path} holds no private key and certificate. Export it again "
            "with the private key."
        )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    thumbprint = certificate.fingerprint(hashes.SHA1()).hex().upper()
    return SigningKey(private_key=pem.decode("ascii"), thumbprint=thumbprint)


def thumbprint_problem(given: str, key: SigningKey) -> str | None:
    """A set thumbprint that is not the .pfx's own certificate's, which Entra would refuse."""
    wanted = given.replace(":", "").replace(" ", "").upper()
    if given and key.thumbprint and wanted != key.thumbprint:
        return (
            f"{CERT_THUMBPRINT} is {given}, but the .pfx's certificate has thumbprint "
            f"{key.thumbprint}. Remove {CERT_THUMBPRINT} or set it to that."
        )
    return None
