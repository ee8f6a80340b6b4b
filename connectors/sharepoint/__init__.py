"""SharePoint: open the live Client Pulse workbook and save it back without losing anyone's update.

Built on office365-rest-python-client (SharePoint REST v1); callers use this package as
``from connectors import sharepoint as sp``. What the library sends, and why this package adds to
it, is told where it happens:

- `settings`: where the workbook lives and how to sign in, from ``.streamlit/secrets.toml`` or the
  environment only; secrets are masked in every repr and message.
- `session`: one ClientContext per person, signed in by certificate (the default), a given access
  token, or a device code.
- `transfer`: download with a consistent ETag, and save with a real ``If-Match`` so a save only
  ever lands on the version the user read.
- `excel_api`: the optional Excel-API save mode, the owned cells written into the open workbook
  through Microsoft Graph (`graph`: its requests and answers; `excel_writes`: the calls).
- `retries`: timeouts, and 429/503 retried with backoff honouring ``Retry-After``.
- `failures`: library and network failures as plain messages that say what to check.
- `cache`: the last good copy on disk, for outages.
- `errors`: the error classes and the CLI's exit codes.
"""

from connectors.sharepoint.cache import (
    CACHE_DATA,
    CACHE_META,
    DEFAULT_CACHE_DIR,
    load_cached,
    outage_banner,
    save_cache,
)
from connectors.sharepoint.errors import (
    EXIT_CONFLICT,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    AuthError,
    CheckedOut,
    CorruptDownload,
    FileLocked,
    NeedsFileSave,
    NotFound,
    RefusedUnchanged,
    SharePointConfigError,
    SharePointError,
    Unreachable,
    VersionConflict,
    exit_code_for,
)
from connectors.sharepoint.excel_api import save_cells
from connectors.sharepoint.remote import RemoteFile
from connectors.sharepoint.retries import RequestPolicy
from connectors.sharepoint.session import SharePointSession, open_session
from connectors.sharepoint.settings import (
    ACCESS_TOKEN,
    CERT_PASSWORD,
    CERT_PATH,
    CERT_THUMBPRINT,
    CLIENT_ID,
    CLIENT_SECRET,
    DEFAULT_SECRETS_PATH,
    DEFAULT_USER_AGENT,
    EXAMPLE_FILE,
    FILE,
    GRAPH_URL,
    MASK,
    SAVE_MODE,
    SECRETS_SECTION,
    SETTING_NAMES,
    SITE_URL,
    TENANT,
    USER_AGENT,
    AuthMode,
    SaveMode,
    SharePointSettings,
    load_sharepoint_settings,
    read_secrets_file,
    settings_from_files,
)
from connectors.sharepoint.transfer import (
    MAX_READ_ROUNDS,
    download,
    download_or_cached,
    sync,
    upload,
)

__all__ = [
    "ACCESS_TOKEN",
    "CACHE_DATA",
    "CACHE_META",
    "CERT_PASSWORD",
    "CERT_PATH",
    "CERT_THUMBPRINT",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "DEFAULT_CACHE_DIR",
    "DEFAULT_SECRETS_PATH",
    "DEFAULT_USER_AGENT",
    "EXAMPLE_FILE",
    "EXIT_CONFLICT",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_UNAVAILABLE",
    "FILE",
    "GRAPH_URL",
    "MASK",
    "MAX_READ_ROUNDS",
    "SAVE_MODE",
    "SECRETS_SECTION",
    "SETTING_NAMES",
    "SITE_URL",
    "TENANT",
    "USER_AGENT",
    "AuthError",
    "AuthMode",
    "CheckedOut",
    "CorruptDownload",
    "FileLocked",
    "NeedsFileSave",
    "NotFound",
    "RefusedUnchanged",
    "RemoteFile",
    "RequestPolicy",
    "SaveMode",
    "SharePointConfigError",
    "SharePointError",
    "SharePointSession",
    "SharePointSettings",
    "Unreachable",
    "VersionConflict",
    "download",
    "download_or_cached",
    "exit_code_for",
    "load_cached",
    "load_sharepoint_settings",
    "open_session",
    "outage_banner",
    "read_secrets_file",
    "save_cache",
    "save_cells",
    "settings_from_files",
    "sync",
    "upload",
]
