"""The StateTrace schema, dialect-neutral: legacy tables and column names plus the additive columns.

Column kinds: `text(n)`, `memo` (long text), `int`, `datetime`, `counter` (auto-increment primary key).
Each dialect renders them (SQLite TEXT/INTEGER, Access TEXT(n)/LONGTEXT/COUNTER, PostgreSQL varchar/text).
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 8
MIGRATIONS = ((1, "legacy StateTrace schema"), (2, "Version, SerialNumber, Location columns; unique (Hostname, Port)"),
              (3, "HostSource: the transcript slice each host's current rows came from"),
              (4, "HostSource.CaptureTime and CaptureSource: state follows capture time"),
              (5, "MacSighting: where each MAC was seen, first and last capture; Interfaces.Port index"),
              (6, "DeviceNeighbor and DeviceAddress: CDP/LLDP neighbours and interface addresses"),
              (7, "SQLite: no MacSighting(MAC), Interfaces(Hostname/Status/AuthState) index (measured)"),
              (8, "SQLite: no Interfaces(Port) index; exact ports found by a seek per host (measured)"))


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: str  # text | memo | int | datetime | counter
    size: int = 0
    not_null: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    table: str
    columns: tuple[str, ...]
    unique: bool = False


def _t(name: str, size: int = 64) -> Column:
    return Column(name, "text", size)


SUMMARY_VALUES = (
    _t("Make"), _t("Model"), _t("Uptime"), _t("Site"), _t("Building"), _t("Room"), Column("Ports", "int"),
    _t("AuthDefaultVLAN", 32), Column("AuthBlock", "memo"), _t("Version"), _t("SerialNumber"),
    _t("Location", 255),
)
PORT_VALUES = (
    _t("Name", 128), _t("Status", 32), Column("VLAN", "int"), _t("Duplex", 32), _t("Speed", 32), _t("Type", 32),
    Column("LearnedMACs", "memo"), _t("AuthState", 32), _t("AuthMode", 32), _t("AuthClientMAC"),
    _t("AuthTemplate"), Column("Config", "memo"), _t("PortColor", 32), _t("ConfigStatus", 32),
    Column("ToolTip", "memo"),
)
# InterfaceHistory.Status of the capture at which a port was no longer there (its other values are its last).
REMOVED_STATUS = "(removed)"
SPAN_VALUES = (_t("Vlan", 32), _t("RootSwitch"), _t("RootPort", 32), _t("Role", 32), _t("Upstream"))
ID = Column("ID", "counter")
HOST = _t("Hostname")
RUN_DATE = Column("RunDate", "datetime")

DEVICE_SUMMARY = Table("DeviceSummary", (Column("Hostname", "text", 64, True), *SUMMARY_VALUES), "Hostname")
INTERFACES = Table("Interfaces", (ID, HOST, _t("Port"), *PORT_VALUES), "ID")
DEVICE_HISTORY = Table("DeviceHistory", (ID, HOST, RUN_DATE, *SUMMARY_VALUES), "ID")
INTERFACE_HISTORY = Table("InterfaceHistory", (ID, HOST, RUN_DATE, _t("Port"), *PORT_VALUES), "ID")
SPAN_INFO = Table("SpanInfo", (HOST, *SPAN_VALUES, Column("LastUpdated", "datetime")))
SPAN_HISTORY = Table("SpanHistory", (ID, HOST, RUN_DATE, *SPAN_VALUES), "ID")
BULK_SEED = Table("InterfaceBulkSeed", (
    Column("BatchId", "text", 36, True), _t("Hostname", 255), _t("RunDateText", 32), RUN_DATE, _t("Port", 255),
    *(Column(c.name, c.kind, 255 if c.kind == "text" else 0) for c in PORT_VALUES),
))
SCHEMA_VERSION_TABLE = Table("SchemaVersion", (
    ID, Column("Version", "int", not_null=True), _t("MigrationName", 128), Column("AppliedAt", "datetime"),
    _t("AppliedBy"),
), "ID")

# Change detection's proof: the slice hash and length of the transcript a host's current rows came from,
# written in the same transaction as those rows (the ingestion-history JSON is only a cache of it).
HOST_SOURCE = Table("HostSource", (
    Column("Hostname", "text", 64, True), _t("FileHash", 64), Column("SourceLength", "int"),
    Column("SourceFile", "memo"), Column("IngestedAt", "datetime"), Column("CaptureTime", "datetime"),
    _t("CaptureSource", 16),
    # The capture the host's DeviceNeighbor / DeviceAddress rows come from: the newest capture holding the
    # commands wins whatever the ingest order (a newer one without them leaves them as they are).
    Column("NeighborsAt", "datetime"), Column("AddressesAt", "datetime"),
), "Hostname")

# Where each MAC address was seen (Netdisco's node model): one row per stay at a (host, port, VLAN), with
# the first and the last capture that saw it there. Maintained on write with min/max, so captures ingested
# in any order give the same rows; `MAC` is the 12 lower-case hex digits, whatever notation the device used.
MAC_SIGHTING = Table("MacSighting", (
    ID, Column("MAC", "text", 12, True), HOST, _t("Port"), Column("VLAN", "int"), Column("FirstSeen", "datetime"),
    Column("LastSeen", "datetime"),
), "ID")

# A device's current CDP/LLDP adjacencies and interface IPv4 addresses, as its latest capture holding the
# commands shows them (replaced per host on write; a capture without the commands leaves them as they are).
DEVICE_NEIGHBOR = Table("DeviceNeighbor", (
    ID, HOST, _t("Port"), _t("Protocol", 8), _t("NeighborName", 255), _t("NeighborPort", 128),
    _t("Platform", 255), _t("Address"),
), "ID")
DEVICE_ADDRESS = Table("DeviceAddress", (
    ID, HOST, _t("Interface", 128), _t("Address"), Column("PrefixLength", "int"),
), "ID")

TABLES = (DEVICE_SUMMARY, INTERFACES, DEVICE_HISTORY, INTERFACE_HISTORY, SPAN_INFO, SPAN_HISTORY, BULK_SEED,
          SCHEMA_VERSION_TABLE, HOST_SOURCE, MAC_SIGHTING, DEVICE_NEIGHBOR, DEVICE_ADDRESS)

# The legacy audit's expected indexes (compared by table + columns), all created with the database;
# (Hostname, Port) is unique here, so the diff can never leave a duplicate port row behind.
INDEXES = (
    Index("idx_devicesummary_host", "DeviceSummary", ("Hostname",)),
    Index("idx_devicesummary_site", "DeviceSummary", ("Site",)),
    Index("IX_Interfaces_Hostname", "Interfaces", ("Hostname",)),
    Index("IX_Interfaces_HostnamePort", "Interfaces", ("Hostname", "Port"), unique=True),
    Index("IX_Interfaces_Status", "Interfaces", ("Status",)),
    Index("IX_Interfaces_VLAN", "Interfaces", ("VLAN",)),
    Index("IX_Interfaces_AuthState", "Interfaces", ("AuthState",)),
    Index("IX_InterfaceHistory_HostnameRunDate", "InterfaceHistory", ("Hostname", "RunDate")),
    Index("IX_DeviceHistory_HostnameRunDate", "DeviceHistory", ("Hostname", "RunDate")),
    Index("idx_spaninfo_host_vlan", "SpanInfo", ("Hostname", "Vlan")),
    Index("idx_spanhistory_host", "SpanHistory", ("Hostname",)),
    Index("IX_InterfaceBulkSeed_BatchId", "InterfaceBulkSeed", ("BatchId",)),
    Index("IX_Interfaces_Port", "Interfaces", ("Port",)),
    Index("IX_MacSighting_MAC", "MacSighting", ("MAC",)),
    Index("IX_MacSighting_HostMacPortVlan", "MacSighting", ("Hostname", "MAC", "Port", "VLAN"), unique=True),
    Index("IX_DeviceNeighbor_Hostname", "DeviceNeighbor", ("Hostname",)),
    Index("IX_DeviceNeighbor_NeighborName", "DeviceNeighbor", ("NeighborName",)),
    Index("IX_DeviceAddress_Hostname", "DeviceAddress", ("Hostname",)),
    Index("IX_DeviceAddress_Address", "DeviceAddress", ("Address",)),
)

# Indexes SQLite stores leave out, decided by measurement (docs/performance.md, "Issue 12, session 24"):
# - MacSighting(MAC) is a random-order insert for every MAC of every capture: on the access-edge corpus it
#   was 40% of the writer's CPU, and with 1 GB stored, where the index outgrows the page cache, it made
#   ingestion 2-2.6x as costly as into an empty store (building it once per bulk load instead was tried:
#   session 25). A MAC is found through the unique (Hostname, MAC, Port, VLAN) index instead, one seek per
#   host (`mac_range_sql`, about 2.5 ms per 1,000 hosts), and find stops at its limit, so a vendor prefix
#   costs no more than an exact MAC.
# - Interfaces(Hostname) is the first column of the unique (Hostname, Port) index, which serves every
#   query by host already.
# - Interfaces(Status) and Interfaces(AuthState): no query of the product reads by them, and each was about
#   a third of the cost of an Interfaces insert (scripts/measure_sqlite_floor.py and the variant in
#   docs/performance.md). A hand-written query by status scans one site's ports: milliseconds.
# - Interfaces(Port) (schema 8): a new host's ports land at the ends of as many runs of that index as it
#   has port names, so each commit rewrote a leaf page per port name; with 1 GB stored that made
#   ingestion 1.3x as costly as into an empty store (main-process system time doubled), and without it
#   1.1x (session 26 in docs/performance.md). An exact port is found by one seek per host on the unique
#   (Hostname, Port) index instead (`exact_ports_sql`, 25-61 ms over 20,000 hosts).
# Access keeps every index the legacy audit expects; PostgreSQL keeps them too (not measured there).
SQLITE_OMITTED = frozenset({"IX_MacSighting_MAC", "IX_Interfaces_Hostname", "IX_Interfaces_Status",
                            "IX_Interfaces_AuthState", "IX_Interfaces_Port"})


def indexes_for(dialect_name: str) -> tuple[Index, ...]:
    """The indexes a store of this SQL dialect has (and its audit expects)."""
    if dialect_name == "sqlite":
        return tuple(i for i in INDEXES if i.name not in SQLITE_OMITTED)
    return INDEXES


# The hosts one seek per host goes over: those with a summary row (every host this program wrote).
_SUMMARY_HOSTS = 'SELECT "Hostname" FROM "DeviceSummary"'
# Every distinct Interfaces hostname, one seek each on the unique (Hostname, Port) index (a skip-scan):
# the hosts as the rows spell them, also those an import left without a DeviceSummary row.
_INTERFACE_HOSTS = ('WITH RECURSIVE "hosts"("name") AS (SELECT MIN("Hostname") FROM "Interfaces" UNION ALL '
                    'SELECT (SELECT MIN("Hostname") FROM "Interfaces" WHERE "Hostname" > "hosts"."name") '
                    'FROM "hosts" WHERE "hosts"."name" IS NOT NULL) ')


def mac_range_sql(dialect_name: str) -> str:
    """The WHERE condition for MacSighting rows whose MAC is in [?, ?): through the MAC index where the
    store has one, else one range seek per host on the unique (Hostname, MAC, ...) index. Names are
    double-quoted, as the readers take them (an Access reader respells them)."""
    mac = '"MAC" >= ? AND "MAC" < ?'
    if dialect_name != "sqlite":
        return mac
    return f'"Hostname" IN ({_SUMMARY_HOSTS}) AND {mac}'


def exact_ports_sql(dialect_name: str, columns: str, count: int, every_host: bool) -> str:
    """SELECT `columns` of Interfaces rows whose Port is one of `count` spellings, then LIMIT ?: through
    the Port index where the store has one, else (SQLite, schema 8) one seek per host and spelling on the
    unique (Hostname, Port) index. `every_host`: over every host that has ports (a skip-scan of that
    index, about twice the time); else over the hosts of DeviceSummary, which misses ports an import
    left without a summary row."""
    ports = f'"Port" IN ({", ".join("?" * count)})'
    if dialect_name != "sqlite":
        return f'SELECT {columns} FROM "Interfaces" WHERE {ports} LIMIT ?'
    prefix, hosts = (_INTERFACE_HOSTS, 'SELECT "name" FROM "hosts"') if every_host else ("", _SUMMARY_HOSTS)
    return f'{prefix}SELECT {columns} FROM "Interfaces" WHERE "Hostname" IN ({hosts}) AND {ports} LIMIT ?'
