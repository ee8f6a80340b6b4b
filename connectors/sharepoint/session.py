"""One person's SharePoint session: the library's ClientContext, signed in the configured way.

Certificate app-only (``Sites.Selected``) is the default. SharePoint's Azure ACS app-only secrets
stopped working on 2 April 2026 and user/password is refused by SharePoint Online; a client
secret only works through Microsoft Graph. A person can sign in with a device code instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from connectors.sharepoint.certificates import load_signing_key, thumbprint_problem
from connectors.sharepoint.errors import AuthError, SharePointConfigError
from connectors.sharepoint.retries import RequestPolicy
from connectors.sharepoint.settings import CERT_PATH, CERT_THUMBPRINT, AuthMode, SharePointSettings
from connectors.sharepoint.transport import PulseHttp

if TYPE_CHECKING:  # office365 takes ~0.25 s to import: only when SharePoint is really used
    from office365.sharepoint.client_context import ClientContext

MSAL_AUTHORITY = "https://login.microsoftonline.com/"


class SharePointSession:
    """One ClientContext for one person's session.

    The context queues requests and caches a token, so it is never shared between sessions
    (keep it in st.session_state, never in st.cache_resource).
    """

    def __init__(
        self,
        settings: SharePointSettings,
        *,
        policy: RequestPolicy | None = None,
        on_device_code: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy or RequestPolicy()
        self.http = PulseHttp(self.policy, user_agent=settings.user_agent)
        self.sign_in = (
            DelegatedSignIn(settings, on_device_code or print)
            if settings.auth_mode == AuthMode.DEVICE_CODE
            else None
        )
        self.context = _client_context(settings, self.http, self.sign_in)

    def graph_token(self) -> str:
        """A bearer token for Microsoft Graph as the person signed in (the Excel API's
        permissions are delegated): the given access token, or the device-code sign-in's."""
        if self.settings.auth_mode == AuthMode.ACCESS_TOKEN:
            return self.settings.access_token
        if self.sign_in is None:
            raise SharePointConfigError(
                f"Microsoft Graph's Excel API needs a person signed in, not the app "
                f"({self.settings.auth_mode.value}); see docs/sharepoint.md."
            )
        scope = f"{origin(self.settings.graph_url)}/.default"
        return str(self.sign_in.token([scope])["access_token"])

    def __repr__(self) -> str:
        return f"SharePointSession({self.settings!r})"


def open_session(
    settings: SharePointSettings,
    *,
    policy: RequestPolicy | None = None,
    on_device_code: Callable[[str], None] | None = None,
) -> SharePointSession:
    """A new session; `on_device_code` shows the sign-in instructions for a device-code login."""
    return SharePointSession(settings, policy=policy, on_device_code=on_device_code)


def _client_context(
    settings: SharePointSettings, http: PulseHttp, sign_in: DelegatedSignIn | None
) -> ClientContext:
    from office365.sharepoint.client_context import ClientContext

    from connectors.secret_logs import mask_library_logs

    secrets = (settings.access_token, settings.client_secret, settings.cert_password)
    mask_library_logs(secrets)  # before any request
    ctx = ClientContext(settings.site_url).with_transport(timeout=http.policy.timeout, session=http)
    mode = settings.auth_mode
    if mode == AuthMode.ACCESS_TOKEN:
        token = {"tokenType": "Bearer", "accessToken": settings.access_token}
        return ctx.with_access_token(lambda: token)
    if mode == AuthMode.CERTIFICATE:
        return _with_certificate(ctx, settings)
    if mode == AuthMode.GRAPH_CLIENT_SECRET:
        raise SharePointConfigError(
            "A client secret works only through Microsoft Graph, which this build does not use "
            f"for the workbook yet. Use certificate sign-in ({CERT_PATH} and {CERT_THUMBPRINT}) "
            "with the Sites.Selected permission."
        )
    assert sign_in is not None  # the device-code mode is the only one left
    scopes = [f"{origin(settings.site_url)}/.default"]
    return ctx.with_access_token(lambda: sign_in.token(scopes))


def _with_certificate(ctx: ClientContext, settings: SharePointSettings) -> ClientContext:
    if not Path(settings.cert_path).is_file():
        raise SharePointConfigError(
            f"{CERT_PATH}: no certificate file at {settings.cert_path}. Point it at the .pfx "
            "(or the PEM file holding the private key) of the certificate uploaded to the app "
            "registration."
        )
    key = load_signing_key(Path(settings.cert_path), settings.cert_password)
    problem = thumbprint_problem(settings.cert_thumbprint, key)
    if problem is not None:
        raise SharePointConfigError(problem)
    return ctx.with_client_certificate(
        settings.tenant,
        settings.client_id,
        thumbprint=settings.cert_thumbprint or key.thumbprint,
        private_key=key.private_key,
    )


class DelegatedSignIn:
    """One person's sign-in, shared by the SharePoint and the Graph audiences: a token is taken
    silently from MSAL's cache (its refresh token serves both) when it can, else by device code.
    """

    def __init__(self, settings: SharePointSettings, show: Callable[[str], None]) -> None:
        import msal

        self.app = msal.PublicClientApplication(
            settings.client_id, authority=MSAL_AUTHORITY + settings.tenant
        )
        self.show = show

    def token(self, scopes: list[str]) -> dict[str, Any]:
        accounts = self.app.get_accounts()
        result = self.app.acquire_token_silent(scopes, account=accounts[0]) if accounts else None
        if not result:
            flow = self.app.initiate_device_flow(scopes=scopes)
            if "user_code" not in flow:
                raise AuthError(
                    f"Device-code sign-in could not start: {flow.get('error_description', '')}"
                )
            self.show(str(flow["message"]))
            result = self.app.acquire_token_by_device_flow(flow)
        if "access_token" not in result:
            raise AuthError(
                f"Sign-in failed: {result.get('error_description', 'no token returned')}"
            )
        return dict(result)


def origin(url: str) -> str:
    """`https://contoso.sharepoint.com` for any URL on that site: the token's audience."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
