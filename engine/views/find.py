"""Find anything across every site of the workspace: a host, a port, a MAC, a VLAN, a description word,
a model, a serial number, a location or an IP address, in one search box.

How a query is read (`parse_query`): a MAC in any notation or a prefix of one (`0011.22`, `00:11:22`,
`00-11-22-33`, 4+ hex digits with separators or 6+ without) searches the MAC sightings; `vlan 150` (or a
bare number up to 4094) searches port VLANs; anything of three characters or more also searches host
names, device fields (model, serial, location, version), CDP/LLDP neighbour names, ports and port
descriptions (neighbour names match exactly or by their start); an IPv4 address or its first octets
searches interface addresses and neighbours' management addresses. Matches are ranked
exact, then prefix, then contained, so `1/0/4` lists the ports named `Gi1/0/4` before descriptions that
mention it, and results are grouped by site and device with a count per kind.

Speed comes from the store's indexes, not from scanning: MACs are range seeks (on the MAC index, or on
SQLite one seek per host of the unique MacSighting index, stopping at the result limit), Interfaces(VLAN)
is a B-tree index, exact ports come from Interfaces(Port) (on SQLite one seek per host of the unique
(Hostname, Port) index), and on SQLite an FTS5 trigram index
(`InterfaceSearch`) serves ports and descriptions by substring. Backends without it use LIKE.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.store.base import StoreError
from engine.store.read import SiteReader, StoreReader
from engine.store.schema import exact_ports_sql, mac_range_sql
from engine.store.sqlite import SEARCH_BACKLOG

KINDS = ("device", "model", "serial", "location", "version", "ip", "neighbor", "port", "description", "vlan", "mac")
EXACT, PREFIX, CONTAINS = 0, 1, 2
RANK_NAMES = {EXACT: "exact", PREFIX: "prefix", CONTAINS: "contains"}
# 0011.2233.4455 and its prefixes (0011.22), 00:11:22:33:44:55 / 00-11-22-... and theirs (00:11:2).
_MAC_SEPARATED = re.compile(r"^[0-9a-f]{4}(\.[0-9a-f]{1,4}){1,2}$|^[0-9a-f]{2}([:\-][0-9a-f]{1,2}){1,5}$")
_HEX = re.compile(r"^[0-9a-f]+$")
_VLAN = re.compile(r"^vlan\s*(\d{1,4})$")
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){1,3}\.?$")
_DEVICE_FIELDS = (("model", "Model"), ("serial", "SerialNumber"), ("location", "Location"),
                  ("version", "Version"))


@dataclass(frozen=True, slots=True)
class Query:
    """What a search text asks for; empty parts are not searched."""

    text: str
    lower: str
    mac: str = ""  # hex digits of a MAC or a MAC prefix
    vlan: int | None = None
    ip: str = ""
    words: bool = True  # hosts, device fields, ports, descriptions

    @property
    def empty(self) -> bool:
        return not (self.mac or self.vlan is not None or self.ip or self.words)


def parse_query(text: str) -> Query:
    stripped = " ".join(text.split())
    low = stripped.lower()
    vlan_match = _VLAN.match(low)
    if vlan_match:
        return Query(stripped, low, vlan=int(vlan_match.group(1)), words=False)
    mac = ""
    if _MAC_SEPARATED.match(low):
        digits = re.sub(r"[^0-9a-f]", "", low)
        if len(digits) >= 4:
            mac = digits[:12]
    elif _HEX.match(low) and 6 <= len(low) <= 12:  # bare digits too: 001122334455 is a MAC
        mac = low
    vlan = int(low) if low.isdigit() and 1 <= int(low) <= 4094 else None
    ip = stripped if _IP.match(low) and not mac else ""
    return Query(stripped, low, mac=mac, vlan=vlan, ip=ip, words=len(low) >= 3 or (len(low) >= 1 and vlan is None
                                                                                     and not mac))


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing found: what kind, where, and how well it matched (0 exact, 1 prefix, 2 contained)."""

    kind: str
    site: str
    hostname: str
    port: str = ""
    matched: str = ""
    rank: int = CONTAINS
    detail: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = "") -> Any:
        return dict(self.detail).get(key, default)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.rank, KINDS.index(self.kind), self.site.lower(), self.hostname.lower(), self.port.lower())


@dataclass(slots=True)
class FindResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sites_searched: int = 0
    errors: list[str] = field(default_factory=list)
    truncated: bool = False
    elapsed_ms: float = 0.0

    def grouped(self) -> dict[str, dict[str, list[Hit]]]:
        """site -> host -> hits, in rank order (what the window shows as a tree)."""
        out: dict[str, dict[str, list[Hit]]] = {}
        for hit in self.hits:
            out.setdefault(hit.site, {}).setdefault(hit.hostname, []).append(hit)
        return out


def rank_of(value: str, needle: str) -> int | None:
    """How `needle` (lower case) matches `value`: exact, prefix, contained, or None."""
    low = value.lower()
    if low == needle:
        return EXACT
    if low.startswith(needle):
        return PREFIX
    if needle in low:
        return CONTAINS
    return None


def _like(needle: str) -> str:
    return "%" + needle.replace("%", "").replace("_", "") + "%"


def _ci_like(reader: SiteReader, column: str) -> str:
    """`column LIKE ?` without regard to case: SQLite's and Access's LIKE already ignore ASCII case,
    PostgreSQL has ILIKE, other drivers compare lower-cased text."""
    name = reader.dialect.name
    if name in ("sqlite", "access"):
        return f'"{column}" LIKE ?'
    if name == "postgresql":
        return f'"{column}" ILIKE ?'
    return f'lower("{column}") LIKE ?'


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def find_in_site(reader: SiteReader, query: Query, limit: int = 1000, text_budget: int | None = None) -> list[Hit]:
    """Everything one site holds that matches, at most `limit` hits per kind; ports, descriptions and
    VLAN members, the searches that can match most of a site, at most `text_budget` in all (what is left
    of the whole search's budget, so a common word stops costing once enough was found)."""
    hits: list[Hit] = []
    site = reader.site
    if not reader.has_table("DeviceSummary"):
        return hits
    if query.words or query.ip:
        hits += _devices(reader, query, limit)
    if query.words and reader.has_table("Interfaces"):
        hits += _ports(reader, query, limit if text_budget is None else text_budget)
    if query.vlan is not None and reader.has_table("Interfaces"):
        budget = limit if text_budget is None else max(text_budget - len(hits), 0)
        for host, port, name, status, vlan in reader.rows(
                'SELECT "Hostname", "Port", "Name", "Status", "VLAN" FROM "Interfaces" WHERE "VLAN" = ? '
                'ORDER BY "Hostname", "Port" LIMIT ?', (query.vlan, budget)):
            hits.append(Hit("vlan", site, str(host), str(port), f"vlan {vlan}", EXACT,
                            (("status", status or ""), ("description", name or ""), ("vlan", vlan))))
    if query.mac and reader.has_table("MacSighting"):
        hits += _macs(reader, query, limit)
    if (query.words or query.ip) and reader.has_table("DeviceNeighbor"):
        hits += _links(reader, query, limit)
    return hits


def _links(reader: SiteReader, query: Query, limit: int) -> list[Hit]:
    """Neighbours by name, and addresses (interface and neighbour management) by the typed octets."""
    out: list[Hit] = []
    site, needle = reader.site, query.lower
    neighbor_cols = '"Hostname", "Port", "NeighborName", "NeighborPort", "Platform", "Address"'

    def neighbor_hit(row: tuple[Any, ...], matched: str, rank: int) -> Hit:
        host, port, _name, far_port, platform, _address = (str(v or "") for v in row)
        return Hit("neighbor", site, host, port, matched, rank,
                   (("description", " ".join(filter(None, (far_port, platform)))),))

    if query.words and len(needle) >= 3:
        # Exact and prefix only, each spelling a range seek on the NeighborName index: a contained match
        # would scan every neighbour of the site on every query (two per port on phone-heavy floors).
        # PostgreSQL compares text by the database's collation, where a range bound is not a prefix bound:
        # it takes a prefix ILIKE instead.
        seen: set[tuple[Any, ...]] = set()
        searches: list[tuple[str, tuple[Any, ...]]]
        if reader.dialect.name == "postgresql":
            searches = [('"NeighborName" ILIKE ?', (_like(needle)[1:], limit))]
        else:
            searches = [('"NeighborName" >= ? AND "NeighborName" < ?', (spelling, spelling + "\uffff", limit))
                        for spelling in _port_spellings(query.text)]
        for condition, values in searches:
            for row in reader.rows(f'SELECT {neighbor_cols} FROM "DeviceNeighbor" WHERE {condition} LIMIT ?', values):
                rank = rank_of(str(row[2] or ""), needle)
                if rank is not None and row not in seen:
                    seen.add(row)
                    out.append(neighbor_hit(row, str(row[2]), rank))
    if query.ip:
        ip = query.text.rstrip(".")
        prefix = query.text  # "10.20." stays a prefix of whole octets; "10.2" also finds 10.20-10.29
        params: tuple[str, ...]
        if reader.dialect.name == "postgresql":
            where, params = '"Address" LIKE ?', (prefix + "%",)
        else:  # every address starting with the typed text sorts in [prefix, prefix + "~")
            where, params = '"Address" >= ? AND "Address" < ?', (prefix, prefix + "~")
        for host, interface, address, length in reader.rows(
                'SELECT "Hostname", "Interface", "Address", "PrefixLength" FROM "DeviceAddress" '
                f'WHERE {where} ORDER BY "Address" LIMIT ?', (*params, limit)):
            rank = EXACT if str(address) == ip else PREFIX
            out.append(Hit("ip", site, str(host), str(interface), f"{address}/{length}" if length else str(address),
                           rank, (("description", "interface address"),)))
        for row in reader.rows(f'SELECT {neighbor_cols} FROM "DeviceNeighbor" WHERE {where} '
                               'ORDER BY "Address" LIMIT ?', (*params, limit)):
            rank = EXACT if str(row[5]) == ip else PREFIX
            out.append(neighbor_hit(row, f"{row[2]} ({row[5]})", rank))
    return out


def _devices(reader: SiteReader, query: Query, limit: int) -> list[Hit]:
    have = set(reader.columns("DeviceSummary"))
    fields = [(kind, col) for kind, col in _DEVICE_FIELDS if col in have]
    cols = ["Hostname", "Make", *[c for _, c in fields]]
    needle = query.lower
    where = " OR ".join(_ci_like(reader, c) for c in ["Hostname", *[c for _, c in fields]])
    rows = reader.rows(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "DeviceSummary" '
                       f"WHERE {where} LIMIT ?", (*([_like(needle)] * (1 + len(fields))), limit))
    out: list[Hit] = []
    for row in rows:
        host, make = str(row[0]), str(row[1] or "")
        rank = rank_of(host, needle)
        if rank is not None:
            out.append(Hit("device", reader.site, host, "", host, rank, (("make", make),)))
        for (kind, _col), value in zip(fields, row[2:], strict=True):
            text = str(value or "")
            rank = rank_of(text, needle)
            if rank is not None:
                out.append(Hit("ip" if query.ip and kind == "location" else kind, reader.site, host, "", text, rank,
                               (("make", make),)))
    return out


# Gi1/0/4, TenGigabitEthernet1/1/1, ethernet 1/1/4, Port-channel12, ge-0/0/1.0, mgmt0, 1/1/4, Vl20.
_PORT_SHAPED = re.compile(r"[a-z][a-z-]*\s?\d+(?:[/.:]\d+)*|\d+(?:[/.:]\d+)+")


def _port_spellings(text: str) -> list[str]:
    """How a typed port may be stored (`gi1/0/4` -> Gi1/0/4, GI1/0/4): exact ports come from the index."""
    return sorted({text, text.lower(), text.upper(), text[:1].upper() + text[1:].lower()})


def _ports(reader: SiteReader, query: Query, limit: int) -> list[Hit]:
    needle = query.lower
    cols = '"ID", "Hostname", "Port", "Name", "Status", "VLAN"'
    spellings = _port_spellings(query.text)
    # Text shaped like a port name is looked up on every host that has ports; other text (a model, a
    # hostname, a word) on the hosts with a summary row, at half the cost: every query of the Find tab
    # runs this one, and it must stay well under 100 ms over a million interface rows.
    every_host = not (query.ip or query.mac) and _PORT_SHAPED.fullmatch(needle) is not None
    rows: list[tuple[Any, ...]] = reader.rows(
        exact_ports_sql(reader.dialect.name, cols, len(spellings), every_host), (*spellings, max(limit, 0)))
    if limit <= 0:
        pass
    elif reader.has_table("InterfaceSearch") and len(needle) >= 3:
        # Indexed rows by trigram; rows written since the last flush by LIKE over the (small) backlog. The
        # join reads current values, so a stale index entry is re-checked by rank_of below. Added to the
        # exact ports, which come first whatever the number of ports that merely contain the text.
        rows += reader.rows(
            f"SELECT {', '.join('i.' + c for c in cols.split(', '))} FROM \"InterfaceSearch\" s "
            'JOIN "Interfaces" i ON i."ID" = s.rowid WHERE "InterfaceSearch" MATCH ? LIMIT ?',
            (_fts_phrase(needle), limit))
        seen = {r[0] for r in rows}
        rows += [r for r in reader.rows(
            f'SELECT {cols} FROM "Interfaces" WHERE {SEARCH_BACKLOG} '
            'AND ("Port" LIKE ? OR "Name" LIKE ?) LIMIT ?', (_like(needle), _like(needle), limit))
            if r[0] not in seen]
    else:
        rows += reader.rows(f'SELECT {cols} FROM "Interfaces" WHERE {_ci_like(reader, "Port")} OR '
                            f'{_ci_like(reader, "Name")} LIMIT ?', (_like(needle), _like(needle), limit))
    out: list[Hit] = []
    done: set[Any] = set()
    for rowid, host, port, name, status, vlan in rows:
        if rowid in done:
            continue
        done.add(rowid)
        detail = (("status", status or ""), ("description", name or ""), ("vlan", vlan))
        port_rank = rank_of(str(port), needle)
        if port_rank == CONTAINS and re.search(r"[a-z]" + re.escape(needle) + "$", str(port).lower()):
            port_rank = PREFIX  # "1/0/4" names the port Gi1/0/4: the number is the port
        if port_rank is not None:
            out.append(Hit("port", reader.site, str(host), str(port), str(port), port_rank, detail))
        desc_rank = rank_of(str(name or ""), needle)
        if desc_rank is not None:
            out.append(Hit("description", reader.site, str(host), str(port), str(name), desc_rank, detail))
    return out


def _macs(reader: SiteReader, query: Query, limit: int) -> list[Hit]:
    low, high = query.mac, query.mac + "g"  # every 12-digit key starting with the prefix sorts in [low, high)
    # LIMIT without ORDER BY, sorted here: on SQLite (a seek per host) an ORDER BY gathers every match of a
    # vendor prefix in the site before it can return the first `limit` (400 ms over 1.7 million sightings);
    # without it the query stops at `limit` rows. A prefix with more matches shows `limit` of them.
    rows = reader.rows('SELECT "MAC", "Hostname", "Port", "VLAN", "FirstSeen", "LastSeen" FROM "MacSighting" '
                       f'WHERE {mac_range_sql(reader.dialect.name)} LIMIT ?', (low, high, limit))
    rows.sort(key=lambda r: str(r[5]), reverse=True)  # the latest sighting first within a MAC,
    rows.sort(key=lambda r: str(r[0]))  # MACs in order (a stable sort keeps the first)
    return [Hit("mac", reader.site, str(host), str(port), format_mac(str(mac)),
                EXACT if len(query.mac) == 12 else PREFIX,
                (("vlan", vlan), ("first_seen", str(first)[:19]), ("last_seen", str(last)[:19])))
            for mac, host, port, vlan, first, last in rows]


def format_mac(key: str) -> str:
    """12 hex digits as Cisco prints them (0011.2233.4455)."""
    return f"{key[0:4]}.{key[4:8]}.{key[8:12]}" if len(key) == 12 else key


def iter_find(store: StoreReader, text: str, limit: int = 1000, sites: Sequence[str] | None = None
              ) -> Iterator[tuple[str, list[Hit], str]]:
    """(site, hits, error) per site as each is searched, for views that show results as they come."""
    query = parse_query(text)
    if query.empty:
        return
    names = list(sites) if sites is not None else [e.site for e in store.sites()]
    budget = limit  # port, description and VLAN hits, over all sites
    for name in names:
        try:
            with store.site(name) as reader:
                found = find_in_site(reader, query, limit, budget)
                budget -= sum(1 for h in found if h.kind in ("port", "description", "vlan"))
                yield name, found, ""
        except (StoreError, OSError) as exc:
            yield name, [], str(exc)
        except Exception as exc:  # noqa: BLE001 - a driver's own error type: name the site, go on
            yield name, [], f"site {name}: {exc}"


def find(store: StoreReader, text: str, limit: int = 1000, sites: Sequence[str] | None = None) -> FindResult:
    """Search every site of the store; at most `limit` hits in all, best first."""
    started = time.perf_counter()
    result = FindResult(text)
    hits: list[Hit] = []
    for _site, found, error in iter_find(store, text, limit, sites):
        result.sites_searched += 1
        hits += found
        if error:
            result.errors.append(error)
    hits.sort(key=lambda h: h.sort_key)
    result.counts = dict(Counter(h.kind for h in hits))
    bulky = sum(1 for h in hits if h.kind in ("port", "description", "vlan"))
    result.truncated = len(hits) > limit or bulky >= limit
    result.hits = hits[:limit]
    result.elapsed_ms = (time.perf_counter() - started) * 1000.0
    return result


__all__ = ["KINDS", "FindResult", "Hit", "Query", "find", "find_in_site", "format_mac", "iter_find", "parse_query",
           "rank_of"]
