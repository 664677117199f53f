"""The site tree's shape: no repeated single-site prefix level, no rows for sites only failures point at."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.model import DeviceFacts, PortFacts
from engine.store.sqlite import SqliteSiteStore
from engine.workspace import Workspace
from statetrace_gui.sites.panel import KIND_ROLE, SiteTreePanel


def test_a_site_alone_in_its_prefix_is_not_repeated_and_failed_hosts_add_no_site(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(tmp_path / "home")
    ws.ensure()
    for site in ("WLLS", "BOYO"):
        store = SqliteSiteStore(ws.db_path(site))
        store.write_host(DeviceFacts(f"{site}-A01-AS-01", "Cisco", ports=[PortFacts("Gi1/0/1")]), site,
                         datetime(2026, 1, 6))
        store.close()
    panel = SiteTreePanel(ws)
    qtbot.addWidget(panel)
    panel.request_refresh(immediate=True)
    qtbot.waitUntil(lambda: panel.known_sites() == ["BOYO", "WLLS"], timeout=30_000)
    tree = panel.tree
    tops = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    # BOYO, not BOYO > BOYO: the site is the top row, with its figures.
    assert [(t.text(0), t.data(0, KIND_ROLE)) for t in tops] == [("BOYO", "site"), ("WLLS", "site")]
    assert tops[0].text(1) == "1" and tops[0].text(2).endswith("KB")
    # A host that failed (or was cancelled) before its site had a database adds no empty site row.
    panel.set_queue({}, {"Unknown": {"Failed": 1}, "ZULU": {"Cancelled": 3, "Failed": 0}})
    assert panel.known_sites() == ["BOYO", "WLLS"]
    panel.set_queue({"ZULU": 2}, {"ZULU": {"Queued": 2}})  # queued work does show its site
    assert panel.known_sites() == ["BOYO", "WLLS", "ZULU"]
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == ["BOYO", "WLLS", "ZULU"]
