"""Sign-in certificates: the .pfx Microsoft's set-up guide makes (with its password) and a PEM
private key both open a session; anything else says what is wrong instead of a traceback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from connectors import sharepoint as sp
from connectors.sharepoint.certificates import load_signing_key
from tests.connectors.sharepoint.fake_site import FULL_CERT

PASSWORD = "pfx-pass-7781"


@pytest.fixture(scope="module")
def key_and_certificate() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Client Pulse")])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return key, certificate


@pytest.fixture
def pfx(tmp_path: Path, key_and_certificate: tuple[rsa.RSAPrivateKey, x509.Certificate]) -> Path:
    key, certificate = key_and_certificate
    encryption = serialization.BestAvailableEncryption(PASSWORD.encode())
    path = tmp_path / "pulse.pfx"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"pulse", key, certificate, None, encryption)
    )
    return path


def settings_with(**values: str) -> sp.SharePointSettings:
    env = {**FULL_CERT, sp.CERT_THUMBPRINT: "", **values}
    settings = sp.load_sharepoint_settings(env, None)
    assert settings is not None
    return settings


def test_a_pfx_with_its_password_gives_the_key_and_its_thumbprint(
    pfx: Path, key_and_certificate: tuple[rsa.RSAPrivateKey, x509.Certificate]
) -> None:
    key = load_signing_key(pfx, PASSWORD)
    certificate = key_and_certificate[1]
    assert key.thumbprint == certificate.fingerprint(hashes.SHA1()).hex().upper()
    assert key.private_key.startswith("-----BEGIN PRIVATE KEY-----")
    loaded = serialization.load_pem_private_key(key.private_key.encode(), password=None)
    assert loaded.public_key().public_numbers() == certificate.public_key().public_numbers()


def test_a_pfx_opens_a_session_without_a_thumbprint_setting(pfx: Path) -> None:
    settings = settings_with(**{sp.CERT_PATH: str(pfx), sp.CERT_PASSWORD: PASSWORD})
    session = sp.open_session(settings)
    assert PASSWORD not in repr(session) and PASSWORD not in repr(settings)


def test_a_pfx_with_a_wrong_password_says_so(pfx: Path) -> None:
    settings = settings_with(**{sp.CERT_PATH: str(pfx), sp.CERT_PASSWORD: "wrong-guess"})
    with pytest.raises(sp.SharePointConfigError) as refused:
        sp.open_session(settings)
    assert f"{pfx} is neither a PEM file nor a .pfx that PULSE_SHAREPOINT_CERT_PASSWORD" in str(
        refused.value
    )
    assert "wrong-guess" not in str(refused.value)
    assert sp.exit_code_for(refused.value) == 2


def test_a_thumbprint_that_is_not_the_pfxs_own_is_refused(pfx: Path) -> None:
    values = {sp.CERT_PATH: str(pfx), sp.CERT_PASSWORD: PASSWORD, sp.CERT_THUMBPRINT: "AB12CD34"}
    with pytest.raises(sp.SharePointConfigError, match=r"\.pfx's certificate has thumbprint"):
        sp.open_session(settings_with(**values))


def test_a_pem_private_key_opens_a_session(
    tmp_path: Path, key_and_certificate: tuple[rsa.RSAPrivateKey, x509.Certificate]
) -> None:
    pem = tmp_path / "pulse.pem"
    pem.write_bytes(
        key_and_certificate[0].private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    assert load_signing_key(pem, "").thumbprint == ""
    sp.open_session(settings_with(**{sp.CERT_PATH: str(pem), sp.CERT_THUMBPRINT: "AB12CD34"}))


def test_a_pem_file_without_a_private_key_says_so(
    tmp_path: Path, key_and_certificate: tuple[rsa.RSAPrivateKey, x509.Certificate]
) -> None:
    pem = tmp_path / "public.cer"
    pem.write_bytes(key_and_certificate[1].public_bytes(serialization.Encoding.PEM))
    settings = settings_with(**{sp.CERT_PATH: str(pem), sp.CERT_THUMBPRINT: "AB12CD34"})
    with pytest.raises(sp.SharePointConfigError, match="is a PEM file without a private key"):
        sp.open_session(settings)


def test_a_pem_setting_still_needs_its_thumbprint(tmp_path: Path) -> None:
    with pytest.raises(
        sp.SharePointConfigError, match="for a PEM file, PULSE_SHAREPOINT_CERT_THUMB"
    ):
        settings_with(**{sp.CERT_PATH: str(tmp_path / "pulse.pem")})
