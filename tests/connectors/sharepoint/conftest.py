"""Fixtures of the SharePoint connector tests: a fake site holding Ann's workbook, a fake Graph,
no sleeps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors import sharepoint as sp
from tests.connectors.sharepoint import fake_site as site
from tests.connectors.sharepoint.fake_graph import FakeGraph
from tests.connectors.sharepoint.fake_graph import running as running_graph
from tests.fake_sharepoint import FakeSharePoint, running


@pytest.fixture
def fake() -> Iterator[FakeSharePoint]:
    tokens = {site.ANN_TOKEN: site.ANN, site.BOB_TOKEN: site.BOB}
    with running(FakeSharePoint(tokens=tokens)) as server:
        server.put(site.PATH, site.V1, by=site.ANN, at=site.MONDAY_10)
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    """The waits the retry policy asked for, instead of sleeping them."""
    return []


@pytest.fixture
def ann_read(fake: FakeSharePoint, sleeps: list[float]) -> tuple[sp.SharePointSession, str]:
    """Ann's session and the ETag of the version she read (V1)."""
    session = site.session_for(site.settings_for(fake), sleeps)
    return session, sp.download(session.settings, session=session).etag


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    """Microsoft Graph on 127.0.0.1, holding the workbook; Ann and Bob may sign in."""
    with running_graph(FakeGraph(tokens={site.ANN_TOKEN: site.ANN, site.BOB_TOKEN: site.BOB})) as g:
        yield g
