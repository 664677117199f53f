"""Analyst views on captures taken at different times, ingested newest first (the late old capture must
land in its place in time): find, MAC sightings, device page, timelines and changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from access_spelling import access_spelled
from captures import A_TIME, B_TIME, HOST, NEIGHBOR, NEIGHBOR_IP, SVI_IP, ingest, write_captures

from engine.settings import Settings
from engine.store import config_from_settings
from engine.store.read import StoreReader, open_store_reader
from engine.views.device import device_page, neighbor_device
from engine.views.find import EXACT, PREFIX, find, parse_query
from engine.views.history import changes_between, device_timeline, locate_host, port_timeline
from engine.views.sightings import at, moves, sightings
from engine.workspace import Workspace

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "data" / "transcripts"


@pytest.fixture(params=["sqlite", "access-spelling", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> StoreReader:
    a, b = write_captures(tmp_path / "captures")
    home = tmp_path / "home"
    backend = {"Backend": "sqlite"}
    if request.param == "postgresql":
        backend = {"Backend": "postgresql", "Dsn": request.getfixturevalue("pg_fresh_dsn")}
    ingest(home, b, store=backend)  # the newer capture first ...
    ingest(home, a, TRANSCRIPTS / "mixed_batch02.log")  # ... then the older one, and another site
    ws = Workspace(home)
    reader = open_store_reader(config_from_settings(Settings.load(ws.settings_path).store), ws)
    if request.param == "access-spelling":
        assert access_spelled(reader) == []
    return reader


def test_query_reading() -> None:
    assert parse_query("0011.2233.4455").mac == "001122334455"
    assert parse_query("00:11:22").mac == "001122"
    assert parse_query("00-11-22-33-44-55").mac == "001122334455"
    assert parse_query("vlan 150").vlan == 150 and not parse_query("vlan 150").words
    assert parse_query("Gi1/0/4").mac == "" and parse_query("Gi1/0/4").words
    assert parse_query("20").vlan == 20
    assert parse_query("10.1.2").ip == "10.1.2"


def test_find_a_mac_in_any_notation_across_sites(store: StoreReader) -> None:
    for text in ("0011.2233.4466", "00:11:22:33:44:66", "00-11-22-33-44-66", "001122334466"):
        result = find(store, text)
        macs = [h for h in result.hits if h.kind == "mac"]
        assert {(h.site, h.hostname, h.port) for h in macs} == {("WLLS", HOST, "Gi1/0/1"), ("WLLS", HOST, "Gi1/0/2")}
        assert all(h.rank == EXACT for h in macs)
    prefix = find(store, "0011.2233")
    assert {h.matched for h in prefix.hits if h.kind == "mac"} == {"0011.2233.4455", "0011.2233.4466"}
    assert all(h.rank == PREFIX for h in prefix.hits if h.kind == "mac")


def test_find_ports_exact_first_and_other_kinds(store: StoreReader) -> None:
    result = find(store, "gi1/0/2")
    assert result.hits[0].kind == "port" and result.hits[0].port == "Gi1/0/2" and result.hits[0].rank == EXACT
    number = find(store, "1/0/3")
    ports = [h for h in number.hits if h.kind == "port"]
    assert ports and ports[0].port == "Gi1/0/3"
    assert {h.port for h in find(store, "desk 12").hits if h.kind == "description"} == {"Gi1/0/2"}
    assert {h.hostname for h in find(store, "C9300").hits if h.kind == "model"} == {HOST}
    assert {h.hostname for h in find(store, "FOC2418L0QX").hits if h.kind == "serial"} == {HOST}
    assert {h.kind for h in find(store, "wlls-a01").hits} >= {"device"}
    vlan = find(store, "vlan 40")
    assert [(h.hostname, h.port) for h in vlan.hits] == [(HOST, "Gi1/0/2")]
    assert vlan.counts == {"vlan": 1} and vlan.sites_searched == 2
    boyo = find(store, "boyo")
    assert {h.site for h in boyo.hits} == {"BOYO"}  # the other site is searched too
    assert find(store, "no-such-thing-anywhere").hits == []


def test_mac_sightings_moves_and_where_on_a_date(store: StoreReader) -> None:
    stays = sightings(store, "0011.2233.4466")
    assert [(s.port, s.vlan, s.first_seen, s.last_seen) for s in stays] == [
        ("Gi1/0/1", 20, A_TIME, A_TIME), ("Gi1/0/2", 40, B_TIME, B_TIME)]
    [move] = moves(stays)
    assert (move.old.port, move.new.port, move.at) == ("Gi1/0/1", "Gi1/0/2", B_TIME)
    assert [s.port for s in at(stays, "2025-10-31")] == ["Gi1/0/1"]  # last known place before B
    assert [s.port for s in at(stays, "2025-11-21")] == ["Gi1/0/2"]
    assert at(stays, "2025-01-01") == []
    steady = sightings(store, "0011.2233.4455")
    assert [(s.port, s.first_seen, s.last_seen) for s in steady] == [("Gi1/0/1", A_TIME, B_TIME)]
    with pytest.raises(ValueError):
        sightings(store, "not a mac")


def test_device_page_shows_the_latest_capture(store: StoreReader) -> None:
    assert locate_host(store, HOST.lower()) == ("WLLS", HOST)
    with store.site("WLLS") as reader:
        page = device_page(reader, HOST)
    assert page is not None
    assert page.summary["Model"] == "C9300-48P" and page.summary["SerialNumber"] == "FOC2418L0QX"
    assert page.capture_time == B_TIME and page.capture_source == "clock"
    assert page.source_file.endswith("capture_b.log")
    assert page.captures == [A_TIME, B_TIME]
    ports = {row[0]: dict(zip(page.port_columns, row, strict=True)) for row in page.ports}
    assert ports["Gi1/0/2"]["Status"] == "connected" and ports["Gi1/0/2"]["VLAN"] == 40
    assert "0011.2233.4466" in ports["Gi1/0/2"]["LearnedMACs"]
    assert (40, 1) in page.vlans
    assert [s[0] for s in page.sessions] == ["Gi1/0/1"]
    assert page.spans and any(p == "Gi1/0/1" for p, _ in page.config)
    assert page.neighbors == [("Te1/1/1", "CDP", f"{NEIGHBOR}.example.net", "Ethernet49/1", "Arista DCS-7050SX-64",
                               NEIGHBOR_IP)]
    assert page.neighbors_at == B_TIME and page.neighbours_note == f"1 neighbour(s) as captured {B_TIME}"
    assert page.addresses == [("Vl20", SVI_IP, "/24")] and page.addresses_at == B_TIME
    assert neighbor_device(store, page.neighbors[0][2]) == ("WLLS", NEIGHBOR)
    with store.site("WLLS") as reader:
        other = device_page(reader, NEIGHBOR)
    assert other is not None and other.neighbors == [] and other.neighbors_at == ""
    assert "no capture of this device holds" in other.neighbours_note


def test_find_neighbours_and_addresses(store: StoreReader) -> None:
    by_name = find(store, NEIGHBOR.lower())
    assert {(h.kind, h.hostname, h.port) for h in by_name.hits} >= {("device", NEIGHBOR, ""),
                                                                   ("neighbor", HOST, "Te1/1/1")}
    assert by_name.hits[0].kind == "device"  # the device itself before who sees it
    exact = find(store, SVI_IP)
    assert [(h.kind, h.port, h.matched, h.rank) for h in exact.hits] == [("ip", "Vl20", f"{SVI_IP}/24", EXACT)]
    octets = find(store, "10.20.")
    assert {(h.kind, h.hostname, h.matched) for h in octets.hits} == {
        ("ip", HOST, f"{SVI_IP}/24"), ("neighbor", HOST, f"{NEIGHBOR}.example.net ({NEIGHBOR_IP})")}
    assert all(h.rank == PREFIX for h in octets.hits) and octets.counts == {"ip": 1, "neighbor": 1}


def test_port_timeline_and_changes_between_captures(store: StoreReader) -> None:
    with store.site("WLLS") as reader:
        timeline = port_timeline(reader, HOST, "gi1/0/2")
        assert (timeline[0].capture, timeline[0].field) == (A_TIME, "port")
        later = {c.field: (c.old, c.new) for c in timeline if c.capture == B_TIME}
        assert later["Status"] == ("notconnect", "connected")
        assert later["VLAN"] == ("20", "40") and later["Name"] == ("Gi1/0/2", "Desk 12")
        assert later["LearnedMACs"] == ("", "0011.2233.4466")
        device = device_timeline(reader, HOST)
        assert {c.capture for c in device} == {A_TIME, B_TIME}
        changes = changes_between(reader, "2025-10-09", "2025-11-30")
        assert {c.capture for c in changes} == {B_TIME}
        described = {c.describe() for c in changes}
        assert "Gi1/0/1 learned MACs -0011.2233.4466" in described
        assert "Gi1/0/3 status: 'err-disabled' -> 'connected'" in described
        assert changes_between(reader, "2025-11-20 14:05:00", "2026-01-01") == []


@pytest.mark.postgres
def test_postgresql_sites_get_trigram_indexes_for_find(pg_fresh_dsn: str, tmp_path: Path) -> None:
    import psycopg

    ingest(tmp_path / "home", TRANSCRIPTS / "wlls_batch01.log", store={"Backend": "postgresql", "Dsn": pg_fresh_dsn})
    with psycopg.connect(pg_fresh_dsn) as conn:
        names = {str(r[0]) for r in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'site_wlls' AND indexdef LIKE '%gin_trgm_ops%'")}
        conn.execute("SET search_path TO site_wlls")
        conn.execute("SET enable_seqscan TO off")  # a tiny table: ask whether the index can serve ILIKE
        plan = " ".join(str(r[0]) for r in conn.execute(
            'EXPLAIN SELECT "ID" FROM "Interfaces" WHERE "Name" ILIKE %s', ("%printer%",)))
    assert names == {"IX_Interfaces_PortTrgm", "IX_Interfaces_NameTrgm"}
    assert "IX_Interfaces_NameTrgm" in plan


def test_a_mac_prefix_with_more_matches_than_the_limit_stops_there_in_mac_order(tmp_path: Path) -> None:
    """A vendor prefix can match most of a site's sightings: find takes `limit` of them (the query stops
    there instead of gathering and sorting every match), each a real match, none twice."""
    from datetime import datetime

    from engine.model import DeviceFacts, PortFacts
    from engine.store import StoreConfig
    from engine.store.sqlite import SqliteSiteStore

    ws = Workspace(tmp_path / "home")
    store = SqliteSiteStore(ws.db_path("WLLS"))
    for h in range(6):
        facts = DeviceFacts(hostname=f"WLLS-A01-AS-{h:02d}", vendor="Cisco")
        facts.ports = [PortFacts(port=f"Gi1/0/{p + 1}", vlan=20, learned_macs=[f"00aa.bb{h:02x}.{p:04x}"])
                       for p in range(20)]
        store.write_host(facts, "WLLS", datetime(2025, 1, 1 + h))
    store.close()
    reader = open_store_reader(StoreConfig(), ws)
    result = find(reader, "00aa.bb", limit=25)
    macs = [h.matched for h in result.hits if h.kind == "mac"]
    assert len(macs) == 25 == len(set(macs)) and all(m.startswith("00aa.bb") for m in macs)
    assert all(h.rank == PREFIX for h in result.hits if h.kind == "mac")
