"""Cisco IOS show commands whose records span several lines, as `Template` rule tables.

Each table follows the ntc-templates TextFSM template of the same command rule for rule (same order,
same value patterns, ``~`` where the template matches a blank), so the records are the template's,
except where the template loses device text: each such rule is marked "Truer than the template" and
listed in docs/parsing.md.
"""

from __future__ import annotations

from engine.parsing._text import Rule, Template, Value

_MAC_DOTTED = r"[a-fA-F0-9]{4}\.[a-fA-F0-9]{4}\.[a-fA-F0-9]{4}"

# ------------------------------------------------------------------------------------------ show version

_SOFTWARE = r".*Software,*~+\((?P<software_image>\S+)\),~Version~(?P<version>.+?)"
# Truer than the template: builds whose version is not followed by a comma ("Experimental Version
# 17.6.20210302:012459 [S2C-build-...]") give the template no version; the boot loader's line of old IOS
# ("BOOTLDR: ... Version 11.0(10c)XB1, PLATFORM SPECIFIC ...") overwrote the running version.
_SOFTWARE_BUILD = (r".*Software,*~+\((?P<software_image>\S+)\),~++(?:[A-Z][a-z]+~+)?Version~++"
                   r"(?P<version>[^\s,]++)")
# The template's ".*\s+uptime\s+is.*\s+(\d+)": a greedy .* takes all blanks but one, so one is enough.
_UPTIME_IS = r".*~uptime~+is.*~"
_VERSION_START = (
    # ROM: and BOOTLDR: lines are taken first, so they never reach the software rules (see above).
    Rule(r"BOOTLDR:"),
    Rule(r"ROM:~+(?P<rommon>\S+)"),
    Rule(_SOFTWARE_BUILD.replace("(?:[A-Z][a-z]+~+)?", "(?:Experimental|Engineering)~+") + r"(?!,)"),
    Rule(_SOFTWARE + r",*~+RELEASE.*\((?P<release>\S+)\)"),
    Rule(_SOFTWARE + r",*~+\S+.*:(?P<release>\S+)"),
    Rule(_SOFTWARE + ","),
    Rule(_SOFTWARE_BUILD + r"(?!,)"),
    Rule(r"~*+(?P<hostname>\S+)~+uptime~+is~+(?P<uptime>.+)", cont=True),
    Rule(_UPTIME_IS + r"(?P<uptime_years>\d+)~year", cont=True),
    Rule(_UPTIME_IS + r"(?P<uptime_weeks>\d+)~week", cont=True),
    Rule(_UPTIME_IS + r"(?P<uptime_days>\d+)~day", cont=True),
    Rule(_UPTIME_IS + r"(?P<uptime_hours>\d+)~hour", cont=True),
    Rule(_UPTIME_IS + r"(?P<uptime_minutes>\d+)~minute"),
    Rule(r'[sS]ystem~+image~+file~+is~+"(?:.*?):(?P<running_image>\S+)"'),
    Rule(r"(?:[lL]ast~+reload~+reason:|System~+returned~+to~+ROM~+by)~+(?P<reload_reason>.+?)~*$"),
    Rule(r"[Pp]rocessor~+board~+ID~+(?P<serial>\w+)"),
    Rule(r"[Cc]isco~+(?P<hardware>\S+|\S+\d\S+)~+\(.+\).+"),
    Rule(r"[Cc]onfiguration~+register~+is~+(?P<config_register>\S+)"),
    Rule(r"Base~+[Ee]thernet~+MAC~+[Aa]ddress~+:~+(?P<mac_address>[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})"),
    Rule(r"System~+restarted~+at~+(?P<restarted>.+)$"),
    Rule(r"Switch~+Port", to="Stack"),
    Rule(r"Switch~\d+", to="Stack"),
)
# After the stack table: the other members' serials, models and MACs join the lists.
_VERSION_STACK = (
    Rule(r"[Ss]ystem~+[Ss]erial~+[Nn]umber~+:~+(?P<serial>\w+)"),
    Rule(r"[Mm]odel~+[Nn]umber~+:~+(?P<hardware>\S+|\S+\d\S+)~*"),
    Rule(r"[Cc]onfiguration~+register~+is~+(?P<config_register>\S+)"),
    Rule(r"Base [Ee]thernet MAC [Aa]ddress~+:~+(?P<mac_address>[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})"),
)
VERSION = Template(
    (Value("software_image"), Value("version"), Value("release"), Value("rommon"), Value("hostname"),
     Value("uptime"), Value("uptime_years"), Value("uptime_weeks"), Value("uptime_days"), Value("uptime_hours"),
     Value("uptime_minutes"), Value("reload_reason"), Value("running_image"), Value("hardware", list=True),
     Value("serial", list=True), Value("config_register"), Value("mac_address", list=True), Value("restarted")),
    {"Start": _VERSION_START, "Stack": _VERSION_STACK},
)

# --------------------------------------------------------------------------------------- show interfaces

_DUPLEX_SPEED = r"~++(?=[FfAaHh])(?P<duplex>(?:[Ff]ull|[Aa]uto|[Hh]alf|[Aa]-).*?),~+(?P<speed>.*?)"
_INPUT_ERRORS = (r"~++(?=\d)(?P<input_errors>\d++)~++input~++errors,~++(?P<crc>\d++)~++CRC,~++(?P<frame>\d++)~++frame,"
                 r"~++(?P<overrun>\d++)~++overrun,~++\d++~++ignored")
# Runs of digits and blanks are possessive where a non-digit or a keyword must follow (same matches, and
# lines of counters stop being tried digit by digit against every counter rule); blanks before a value
# that may start with a blank stay ~+, as the template's \s+ may give one up to it.  The lookaheads
# (?=\d), (?=[FfAaHh]) and (?=.*put~+rate) only state what the rule needs anyway: rules that share one
# are then tried together (see `_text._alternatives`).
# An interface name at a line start: one to four words, the last not "is" (so "X is up" splits right).
_HEADER_WORDS = r"(?!is~)\S++(?:~(?!is~)\S++){0,3}+"
_LINK_STATES = r"(?:administratively~+)?(?:up|down)|deleted|standby|reset|testing|dormant"
_INTERFACES_START = (
    # Each "<name> is <state>, line protocol ..." line closes the previous interface's record.
    Rule(r"\S++~++is~+.+?,~++line~++protocol.*$", record=True, cont=True),
    Rule(r"(?P<interface>\S++)~++is~+(?P<link_status>.+?),~++line~++protocol~++is~+(?P<protocol_status>.+?)~*$"),
    # Truer than the template: names with blanks ("Control Plane Interface is up, line protocol is up")
    # and interfaces without a line protocol ("pseudowire1 is up") start records too; the template
    # reads their lines into the interface before them.
    Rule(_HEADER_WORDS + r"~++is~+.+?,~++line~++protocol.*$", record=True, cont=True),
    Rule(r"(?P<interface>" + _HEADER_WORDS + r")~++is~+(?P<link_status>.+?),~++line~++protocol~++is~+"
         r"(?P<protocol_status>.+?)~*$"),
    Rule(_HEADER_WORDS + r"~++is~++(?:" + _LINK_STATES + r")~*$", record=True, cont=True),
    Rule(r"(?P<interface>" + _HEADER_WORDS + r")~++is~++(?P<link_status>" + _LINK_STATES + r")~*$"),
    Rule(r"~++Hardware~++is~+(?P<hardware_type>[\w \-]+)", cont=True),
    Rule(rf".+address~++is~++(?P<mac_address>{_MAC_DOTTED})~++\(bia~++(?P<bia>{_MAC_DOTTED})\)~*$"),
    Rule(r"~++Description:~+(?P<description>.+?)~*$"),
    Rule(r"~++Internet~++address~++is~++(?P<ip_address>\d+\.\d+\.\d+\.\d+)\/(?P<prefix_length>\d+)~*$"),
    Rule(r"~++MTU~++(?P<mtu>\d++).*BW~++(?P<bandwidth>\d++~++\w+).*DLY~++(?P<delay>\d++~++\S+),~*$"),
    Rule(r"~++Encapsulation~+(?P<encapsulation>.+?),~++Vlan~++ID~++(?P<vlan_id>\d+)"),
    Rule(r"~++Encapsulation~+(?P<encapsulation>.+?),~++outer~++ID~++(?P<vlan_id_outer>\d++),"
         r"~++inner~++ID~++(?P<vlan_id_inner>\d+)"),
    Rule(r"~++Encapsulation~+(?P<encapsulation>.+?),.+$"),
    Rule(r"~++Last~++input~+(?P<last_input>.+?),~++output~+(?P<last_output>.+?),"
         r"~++output~++hang~+(?P<last_output_hang>.+?)~*$"),
    Rule(r"~++Input~++queue:~++(?P<queue_size>\d++)\/(?P<queue_max>\d++)\/(?P<queue_drops>\d++)\/"
         r"(?P<queue_flushes>\d++)~++\(size\/max\/drops\/flushes\);~++Total output~++drops:~++"
         r"(?P<queue_output_drops>\d++)~*$"),
    Rule(r"~++Queueing~++strategy:~+(?P<queue_strategy>.+)~*$"),
    # (The guards (?=...) state what the rest requires, sparing the lazy groups a hopeless search.)
    Rule(_DUPLEX_SPEED.replace("(?P<duplex>", "(?=.*media~+type~+is)(?P<duplex>")
         + r",.+media~+type~+is~*(?:(?P<media_type>\S+.*))?$"),
    Rule(_DUPLEX_SPEED.replace("(?P<duplex>", "(?=.*TX/FX$)(?P<duplex>") + r",.+TX/FX$"),
    Rule(_DUPLEX_SPEED + r"$"),
    Rule(r"(?=.*put~+rate).*input~++rate~++(?P<input_rate>\d++)~++\w+/sec,~++(?P<input_pps>\d++)~++packets.+$"),
    Rule(r"(?=.*put~+rate).*output~++rate~++(?P<output_rate>\d++)~++\w+/sec,~++(?P<output_pps>\d++)~++packets.+$"),
    Rule(r"~++(?=\d)(?P<input_packets>\d++)~++packets~++input,~++\d++~++bytes,~++\d++~++no~++buffer~*$"),
    Rule(r"~++(?=\d)(?P<runts>\d++)~++runts,~++(?P<giants>\d++)~++giants,~++\d++~++throttles~*$"),
    Rule(_INPUT_ERRORS + r"~*$"),
    Rule(_INPUT_ERRORS + r",~++(?P<abort>\d++)~++abort~*$"),
    Rule(r"~++(?=\d)(?P<output_packets>\d++)~++packets~++output,~++\d++~++bytes,~++\d++~++underruns~*$"),
    Rule(r"~++(?=\d)(?P<output_errors>\d++)~++output~++errors,~++\d++~++collisions,~++\d++~++interface~++resets~*$"),
    # Truer than the template: SVIs print no collisions ("0 output errors, 0 interface resets").
    Rule(r"~++(?=\d)(?P<output_errors>\d++)~++output~++errors,~++\d++~++interface~++resets~*$"),
    # ... and pseudowires print "MTU 1500 bytes, BW 10000000 Kbit" (no delay) and "Encapsulation MPLS".
    Rule(r"~++MTU~++(?P<mtu>\d++)~++bytes,~++BW~++(?P<bandwidth>\d++~++\w+)\S*~*$"),
    Rule(r"~++Encapsulation~++(?P<encapsulation>\S++)~*$"),
)
INTERFACES = Template(
    tuple(Value(n, required=n == "interface") for n in (
        "interface", "link_status", "protocol_status", "hardware_type", "mac_address", "bia", "description",
        "ip_address", "prefix_length", "mtu", "duplex", "speed", "media_type", "bandwidth", "delay",
        "encapsulation", "last_input", "last_output", "last_output_hang", "queue_strategy", "input_rate",
        "output_rate", "input_pps", "output_pps", "input_packets", "output_packets", "runts", "giants",
        "input_errors", "crc", "frame", "overrun", "abort", "output_errors", "vlan_id", "vlan_id_inner",
        "vlan_id_outer", "queue_size", "queue_max", "queue_drops", "queue_flushes", "queue_output_drops")),
    {"Start": _INTERFACES_START},
)

# ----------------------------------------------------------------------------------- show cdp neighbors

_CDP_PLATFORM = r"Platform~*:~*(?P<platform>.*)~*,~*Capabilities~*:~*(?P<capabilities>.+?)"
# Truer than the template: a platform line without ", Capabilities: ..." (their own line then) keeps
# the platform, an empty "Port ID (outgoing port):" keeps the local interface, and a neighbour entry
# without a "Version :" part is recorded when the next "Device ID:" starts (the template let the next
# entry overwrite it, so a second adjacency to the same neighbour could vanish).
_CDP_PLATFORM_ONLY = r"Platform~*:~*(?P<platform>.*?)~*(?:,~*Capabilities~*:.*)?$"
_CDP_CAPABILITIES_ONLY = r"Capabilities~*:~*(?P<capabilities>.+?)~*$"
CDP_NEIGHBORS_DETAIL = Template(
    (Value("neighbor_name", required=True), Value("mgmt_address"), Value("platform"), Value("neighbor_interface"),
     Value("local_interface"), Value("neighbor_description"), Value("capabilities")),
    {
        "Start": (
            Rule(r"Device ID: ", record=True, cont=True),
            Rule(r"Device ID: (?P<neighbor_name>\S+)"),
            Rule(r"Entry address\(es\)~*:~*", to="ParseIP"),
            Rule(_CDP_PLATFORM + r"~+$"),
            Rule(_CDP_PLATFORM + r"$"),
            Rule(_CDP_PLATFORM_ONLY),
            Rule(_CDP_CAPABILITIES_ONLY),
            Rule(r"Interface: (?P<local_interface>.*),~+Port ID \(outgoing port\):~?(?P<neighbor_interface>.*)"),
            Rule(r"Version :", to="GetVersion"),
        ),
        "ParseIP": (
            Rule(r".*IP address: (?P<mgmt_address>\d+\.\d+\.\d+\.\d+|\w+\.\w+\.\w+)", to="Start"),
            Rule(_CDP_PLATFORM + r"~+$", to="Start"),
            Rule(_CDP_PLATFORM + r"$", to="Start"),
            Rule(_CDP_PLATFORM_ONLY, to="Start"),
            Rule(r".*", to="Start"),
        ),
        # The line after "Version :" is the description, and it closes the neighbour's record.
        "GetVersion": (Rule(r"(?P<neighbor_description>.*$)", record=True, to="Start"),),
    },
)

# ---------------------------------------------------------------------------------- show lldp neighbors

_LLDP_VALUES = (
    "local_interface", "chassis_id", "neighbor_port_id", "neighbor_interface", "neighbor_name",
    "neighbor_description", "capabilities", "mgmt_address", "vlan_id", "mac_address", "serial", "manufacturer",
    "hw_revision", "fw_revision", "sw_revision", "platform", "power_pair", "power_class", "power_device_type",
    "power_priority", "power_source", "power_requested",
)
_LLDP_START = (
    Rule(r".*not advertised"),
    Rule(r".*Invalid input detected", to="EOF"),
    Rule(r".*LLDP is not enabled", to="EOF"),
    Rule(r"Local~+Intf:~+(?P<local_interface>\S+)~*$"),
    Rule(r"Local~+Intf~+service~+instance"),
    Rule(r"Chassis~+id:~+(?P<chassis_id>.*)~*$"),
    Rule(r"Port~+id:~+(?P<neighbor_port_id>.*)~*$"),
    Rule(r"Port~+Description:~+(?P<neighbor_interface>.*)~*$"),
    Rule(r"System~+Name(?:~+-~+not~+advertised)~*$"),
    Rule(r"System~+Name:?~*$"),
    Rule(r"System~+Name(?::~+(?P<neighbor_name>.+?))~*$"),
    Rule(r"System~+Description", to="GetDescription"),
    Rule(r"Time"),
    Rule(r"System~+Capabilities"),
    Rule(r"Enabled~+Capabilities:~+(?P<capabilities>.*)~*$"),
    Rule(r"Management~+Addresses"),
    Rule(r"~++OID"),
    Rule(r"~++[\d+\.]{8,}"),
    Rule(r".*IP:~+(?P<mgmt_address>\S+)~*$"),
    Rule(r"Auto~+Negotiation"),
    Rule(r"Physical~+media"),
    Rule(r"~+.+~*$"),  # every other indented line
    Rule(r"Media~+Attachment"),
    Rule(r"Vlan~+ID:~+(?:(?P<vlan_id>\d+)|-~+not~+advertised)~*$"),
    Rule(rf"Peer~+Source~+MAC:~+(?P<mac_address>{_MAC_DOTTED})"),
    Rule(r"(?:PoE|~+Power)"),
    Rule(r"~*+-+~*$", record=True),
    Rule(r"Power~+via~+MDI", to="PowerMDI"),
    Rule(r"MED", to="Med"),
    Rule(r"~*+\^~*"),
    Rule(r"~*+Total~+entries~+displayed", record=True),
)
LLDP_NEIGHBORS_DETAIL = Template(
    tuple(Value(n) for n in _LLDP_VALUES),
    {
        "Start": _LLDP_START,
        "GetDescription": (Rule(r"(?P<neighbor_description>.*)", to="IgnoreDescription"),),
        # The rest of a multi-line description is skipped up to its "Time remaining" line.
        "IgnoreDescription": (Rule(r"Time~+remaining", to="Start"),),
        "PowerMDI": (
            Rule(r"~++Power~+Pair:~+(?P<power_pair>\S+)~*$"),
            Rule(r"~++Power~+Class:~+(?P<power_class>\d+)~*$"),
            Rule(r"~++Power~+Device~+Type:~+(?P<power_device_type>\S+)~*$"),
            Rule(r"~++Power~+Source:~+(?P<power_source>\S+)~*$"),
            Rule(r"~++Power~+Priority:~+(?P<power_priority>\S+)~*$"),
            Rule(r"~++Power~+Requested:~+(?P<power_requested>\d+)~+mW~*$"),
            Rule(r"~*$", to="Start"),
        ),
        "Med": (
            Rule(r"~++Serial~+number:~+(?P<serial>\S+)~*$"),
            Rule(r"~++Manufacturer:~+(?P<manufacturer>.*)~*$"),
            Rule(r"~++Model:~+(?P<platform>.*)~*$"),
            Rule(r"~++H/W revision:~+(?P<hw_revision>\S+)~*$"),
            Rule(r"~++F/W revision:~+(?P<fw_revision>\S+)~*$"),
            Rule(r"~++S/W revision:~+(?P<sw_revision>\S+)~*$"),
            Rule(r"~++\S+"),
            Rule(r"~*$"),
            Rule(r"~*+Total~+entries~+displayed", record=True),
            Rule(r"~*+-+~*$", record=True, cont=True),
            Rule(r"~*+-+~*$", to="Start"),
        ),
    },
)

# ---------------------------------------------------------------------------- show interfaces switchport

# The template reads the allowed VLANs of a line item by item with one rule per position, and so keeps
# only the first 21 and the last item of a line.  Here a line is split on its commas: every VLAN is kept.
_VLAN_ITEM = r"(?:\d+|\d+\-\d+)"
_OPEN_LIST = rf"(?P<trunking_vlans>(?:{_VLAN_ITEM},)+)~*$"  # ends with a comma: continued on the next line
_CLOSED_LIST = rf"(?P<trunking_vlans>(?:{_VLAN_ITEM},)*(?:\d+|\d+\-\d+|ALL|NONE))~*$"
_TRUNKING = r"~*+Trunking~+VLANs~+Enabled:~+"
INTERFACES_SWITCHPORT = Template(
    (Value("interface", required=True), Value("switchport"), Value("switchport_monitor"),
     Value("switchport_negotiation"), Value("mode"), Value("admin_mode"), Value("access_vlan"),
     Value("native_vlan"), Value("voice_vlan"), Value("trunking_vlans", list=True)),
    {
        "Start": (
            Rule(r"Name:", record=True, cont=True),
            Rule(r"Name:~+(?P<interface>\S+)"),
            Rule(r"~*+Switchport:~+(?P<switchport>.+?)$"),
            Rule(r"~*+Switchport~+Monitor:~+(?P<switchport_monitor>.+?)$"),
            Rule(r"~*+Operational~+Mode:~+(?P<mode>.+?)$"),
            Rule(r"~*+Negotiation~+of~+Trunking:~+(?P<switchport_negotiation>.+?)$"),
            Rule(r"~*+Access~+Mode~+VLAN:~+(?P<access_vlan>\d+|unassigned)"),
            Rule(r"~*+Trunking~+Native~+Mode~+VLAN:~+(?P<native_vlan>\d+)"),
            Rule(r"~*+Voice~+VLAN:~+(?P<voice_vlan>\S+)"),
            Rule(_TRUNKING + _OPEN_LIST, split=",", to="Trunk"),
            Rule(_TRUNKING + _CLOSED_LIST, split=","),
            Rule(r"~*+Trunking~+VLANs~+Active"),
            Rule(r"~*+Administrative~+Mode:~+(?P<admin_mode>.+?)$"),
        ),
        "Trunk": (
            Rule(r"~++" + _OPEN_LIST, split=",", to="Trunk"),
            Rule(r"~++" + _CLOSED_LIST, split=",", to="Start"),
            Rule(r".*", to="Start"),
        ),
    },
)

# ------------------------------------------------------------------------------- show vlans (dot1Q)

# On IOS routers `show vlans` lists the dot1Q sub-interfaces per VLAN (not the switch's `show vlan`).
_VLAN_ID_LINES = (
    Rule(r"Virtual~+LAN~+ID:~+\d.*", record=True, cont=True),
    Rule(r"Virtual~+LAN~+ID:~+(?P<vlan_id>\d+).*", to="Data"),
    Rule(r"VLAN~+ID:~+\d+", record=True, cont=True),
    Rule(r"VLAN~+ID:~+(?P<vlan_id>\d+)", to="Data"),
)
VLANS = Template(
    (Value("vlan_id", required=True), Value("interfaces", list=True), Value("ip_addresses", list=True),
     Value("ipv6_addresses", list=True), Value("inner_vlans", list=True)),
    {
        "Start": (
            Rule(r"VLAN~+ID:~+(?P<vlan_id>\d+)", to="Data"),
            Rule(r"Virtual~+LAN~+ID:~+(?P<vlan_id>\d+)", to="Data"),
        ),
        "Data": (
            *_VLAN_ID_LINES,
            Rule(r"~+This~+is~+configured~+as~+native~+Vlan~+for~+the~+following~+interface\(s\)~+:~*$"),
            Rule(r"\S+(?:~+Native-vlan~+Tx-type:~+\S+)?~*$"),
            Rule(r"~+Protocols~+Configured"),
            Rule(r"~+IP~+\d+~+\d+"),
            Rule(r"~+CLNS~+\d+~+\d+"),
            Rule(r"~+MPLS~+\d+~+\d+"),
            Rule(r"~+MPLS:~+\S+"),
            Rule(r"~+[vV]LAN~+Trunk~+Interfaces?:~+(?P<interfaces>[\w\./-]+)", to="Interface"),
            Rule(r"VLAN~+trunk~+interfaces", to="Interface"),
            Rule(r"(?P<interfaces>[\w\./-]+)~+\(\d+\)~*$"),
            Rule(r"~+IP:~+(?P<ip_addresses>\S+)~*$"),
            Rule(r"~+IP~+(?P<ip_addresses>\S+)~+"),
            Rule(r"~+IPv6:~+(?P<ipv6_addresses>\S+)~*$"),
            Rule(r"~+IPv6~+(?P<ipv6_addresses>\S+)~+\d+~+\d+"),
        ),
        "Interface": (
            Rule(r"~*(?P<interfaces>[\w\./-]+)~*$"),
            Rule(r"~*\S+~+\(\d+/(?P<inner_vlans>\d+)\)~*$"),
            Rule(r"~+IP:~+(?P<ip_addresses>\S+)"),
            Rule(r"~+IPv6:~+(?P<ipv6_addresses>\S+)"),
            Rule(r"~+Protocols~+Configured:", to="Data"),
            Rule(r"~+This~+is~+configured~+as~+native~+Vlan", to="Data"),
            *_VLAN_ID_LINES,
        ),
    },
)
