"""Aruba AOS-CX show commands as `Template` rule tables, following the ntc-templates templates.

Each table follows the ntc-templates TextFSM template of the same command rule for rule (same order,
same value patterns, ``~`` where the template matches a blank).  Deliberate differences, each where the
template loses what the device prints (also listed in docs/parsing.md):

* `show system`: ``contact`` and ``location`` are the whole text (the template keeps the first word:
  "Server Room 1" -> "Server"); ``uptime`` (the whole Up Time text) is added.
* `show interface`: ``link_state_info`` is the State information text (the template's ``(\\.*)`` only
  ever matches dots, so it is always empty); ``vlan_trunk`` holds every item of the Allowed VLAN List
  (the template keeps the first six).
* `show lldp neighbor-info detail`: ``neighbor_interface`` is the Port-Desc text (the template's rule
  ends in a blank, so a Port-Desc without trailing blanks is lost; descriptions may hold blanks).
"""

from __future__ import annotations

from engine.parsing._text import Rule, Template, Value

# ------------------------------------------------------------------------------------------ show system

_UPTIME = (r"Up~+Time~+:(?P<uptime>(?:~+(?P<uptime_weeks>\d+)~+weeks?,?)?(?:~+(?P<uptime_days>\d+)~+days?,?)?"
           r"(?:~+(?P<uptime_hours>\d+)~+hours?,?)?(?:~+(?:(?P<uptime_minutes>\d+)|under~+a)~+minutes?)?.*?)~*$()")
SYSTEM = Template(
    (Value("hostname", required=True), Value("contact"), Value("location"), Value("vendor"), Value("product"),
     Value("serial"), Value("base_mac"), Value("version"), Value("time_zone"), Value("uptime_weeks"),
     Value("uptime_days"), Value("uptime_hours"), Value("uptime_minutes"), Value("uptime")),
    {"Start": (
        Rule(r"Hostname~+:~+(?P<hostname>\S+)"),
        Rule(r"System~+Description~+:~*\S+"),
        Rule(r"System~+Contact~+:~+(?P<contact>\S.*?)~*$"),
        Rule(r"System~+Contact~+:"),
        Rule(r"System~+Location~+:~+(?P<location>\S.*?)~*$"),
        Rule(r"System~+Location~+:"),
        Rule(r"Vendor~+:~+(?P<vendor>\S++(?:~++\S++)*+)"),
        Rule(r"Product~+Name~+:~+(?P<product>.+?)~*$"),
        Rule(r"Chassis~+Serial~+Nbr~+:~+(?P<serial>\S+)"),
        Rule(r"Base~+MAC~+Address~+:~+(?P<base_mac>\S+)"),
        Rule(r"A(?:ruba)?OS-CX~+Version~+:~+(?P<version>\S+)"),
        Rule(r"Time~+Zone~+:~+(?P<time_zone>\S+)"),
        Rule(_UPTIME, record=True),
    )},
)

# --------------------------------------------------------------------------------------- show interface

_INTERFACE_VALUES = (
    Value("interface", required=True), Value("link_status"), Value("link_admin"), Value("link_state_info"),
    Value("link_transitions"), Value("interface_desc"), Value("hw_type"), Value("mac_address"), Value("mtu"),
    Value("if_type"), Value("ip_address"), Value("secondary_ip_address", list=True), Value("duplex"),
    Value("qos_trust"), Value("speed"), Value("auto_neg"), Value("flow_control"), Value("error_control"),
    Value("vlan_mode"), Value("vlan_access"), Value("vlan_native"), Value("vlan_trunk", list=True),
    Value("aggregated_interfaces", list=True), Value("rx_total_packets"), Value("rx_total_bytes"),
    Value("rx_unicast_packets"), Value("rx_mcast_packets"), Value("rx_broadcast_packets"), Value("rx_errors"),
    Value("rx_dropped"), Value("rx_filtered"), Value("rx_crc_fcs"), Value("tx_total_packets"),
    Value("tx_total_bytes"), Value("tx_unicast_packets"), Value("tx_mcast_packets"),
    Value("tx_broadcast_packets"), Value("tx_errors"), Value("tx_dropped"), Value("tx_filtered"),
    Value("tx_crc_fcs"), Value("tx_collision"), Value("vrf"),
)
_AGGREGATED = tuple(
    Rule(r"~*Aggregated-interfaces~*:~+" + r"(?:\S+~+)" * n + r"(?P<aggregated_interfaces>\S+)", cont=True)
    for n in range(8)
)
INTERFACE = Template(
    _INTERFACE_VALUES,
    {
        "Start": (
            Rule(r"~*(?:Interface|Aggregate)~+\S+~+is()", record=True, cont=True),
            Rule(r"~*(?:Interface|Aggregate)~+(?P<interface>\S+)~+is~+(?P<link_status>\w+)"),
            Rule(r"~*Admin~*state~*is~*(?P<link_admin>\w+)"),
            Rule(r"~*Link~*transitions~*:~*(?P<link_transitions>\d+)"),
            Rule(r"~*Description~*:~*(?P<interface_desc>.*)"),
            Rule(r"~*State~*information~*:~*(?P<link_state_info>.*?)~*$"),
            Rule(r"~*Hardware~*:~*(?P<hw_type>\w+),?~*MAC~*Address:~+(?P<mac_address>\S+)"),
            Rule(r"~*MAC~+Address~*:~*(?P<mac_address>\S+)"),
            Rule(r"~*IPv4~+address~+(?P<ip_address>\S+)$"),
            Rule(r"~*IPv4~+address~+(?P<secondary_ip_address>\S+)~+secondary"),
            Rule(r"~*MTU~*(?P<mtu>\d+)"),
            Rule(r"~*Type~*(?P<if_type>\S+)"),
            Rule(r"~*(?P<duplex>\w+)-duplex"),
            Rule(r"~*qos~*trust~*(?P<qos_trust>\S+)"),
            Rule(r"~*Speed~*:*~*(?P<speed>\S+~\S+)"),
            Rule(r"~*Auto-negotiation~*is~*(?P<auto_neg>\S+)"),
            Rule(r"~*Flow-control~*:~*(?P<flow_control>\S+)"),
            Rule(r"~*Error-control~*:~*(?P<error_control>\S+)"),
            Rule(r"~*VLAN Mode~*:~*(?P<vlan_mode>\S+)"),
            Rule(r"~*Access VLAN~*:~*(?P<vlan_access>\S+)"),
            Rule(r"~*Native VLAN~*:~*(?P<vlan_native>\S+)"),
            Rule(r"~*Allowed VLAN List~*:~+(?P<vlan_trunk>[^,\n]+(?:,[^\n]*)?)", split=","),
            *_AGGREGATED,
            Rule(r"~*Rx()", to="Rx"),
            Rule(r"~*Rate~+RX~+TX~+Total()", to="Rate"),
            Rule(r"~*Statistic~+RX~+TX~+Total()", to="Statistic"),
            Rule(r"~*VRF~+name~+is~+(?P<vrf>\S+)"),
        ),
        "Rx": (
            Rule(r"~*(?P<rx_total_packets>\d+) total packets~*(?P<rx_total_bytes>\d+) total bytes"),
            Rule(r"~*(?P<rx_unicast_packets>\d+)   unicast packets"),
            Rule(r"~*(?P<rx_mcast_packets>\d+)   multicast packets"),
            Rule(r"~*(?P<rx_broadcast_packets>\d+)   broadcast packets"),
            Rule(r"~*(?P<rx_errors>\d+) errors~*(?P<rx_dropped>\d+) dropped"),
            Rule(r"~*(?P<rx_crc_fcs>\d+) CRC/FCS"),
            Rule(r"~*Tx()", to="Tx"),
        ),
        "Tx": (
            Rule(r"~*(?P<tx_total_packets>\d+) total packets~*(?P<tx_total_bytes>\d+) total bytes"),
            Rule(r"~*(?P<tx_unicast_packets>\d+)   unicast packets"),
            Rule(r"~*(?P<tx_mcast_packets>\d+)   multicast packets"),
            Rule(r"~*(?P<tx_broadcast_packets>\d+)   broadcast packets"),
            Rule(r"~*(?P<tx_errors>\d+) errors~*(?P<tx_dropped>\d+) dropped"),
            Rule(r"~*(?P<tx_crc_fcs>\S+) CRC/FCS"),
            Rule(r"~*(?P<tx_collision>\d+)~*collision"),
            Rule(r"~*$()", to="Start"),
        ),
        "Rate": (
            Rule(r"~*----()"),
            Rule(r"~*Mbits~+/~+sec()"),
            Rule(r"~*KPkts~+/~+sec()"),
            Rule(r"~+Unicast()"),
            Rule(r"~+Multicast()"),
            Rule(r"~+Broadcast()"),
            Rule(r"~+Utilization()"),
            Rule(r"~*$()", to="Statistic"),
        ),
        "Statistic": (
            Rule(r"~*Statistic~+RX~+TX~+Total()"),
            Rule(r"~*----()"),
            Rule(r"~*Packets~+(?P<rx_total_packets>\d+)~+(?P<tx_total_packets>\d+)~+\d+"),
            Rule(r"~+Unicast~+(?P<rx_unicast_packets>\d+)~+(?P<tx_unicast_packets>\d+)~+\d+"),
            Rule(r"~+Multicast~+(?P<rx_mcast_packets>\d+)~+(?P<tx_mcast_packets>\d+)~+\d+"),
            Rule(r"~+Broadcast~+(?P<rx_broadcast_packets>\d+)~+(?P<tx_broadcast_packets>\d+)~+\d+"),
            Rule(r"~*Bytes~+(?P<rx_total_bytes>\d+)~+(?P<tx_total_bytes>\d+)~+\d+"),
            Rule(r"~*Jumbos()"),
            Rule(r"~*Pause~+Frames()"),
            Rule(r"~*Dropped~+(?P<rx_dropped>\d+)~+(?P<tx_dropped>\d+)~+\d+"),
            Rule(r"~*Filtered~+(?P<rx_filtered>\d+)~+(?P<tx_filtered>\d+)~+\d+"),
            Rule(r"~*Errors~+(?P<rx_errors>\d+)~+(?P<tx_errors>\d+)~+\d+"),
            Rule(r"~+CRC/FCS~+(?P<rx_crc_fcs>\d+)~+(?P<tx_crc_fcs>\S+)~+\d+"),
            Rule(r"~+Collision~+\S+~+(?P<tx_collision>\d+)~+\d+"),
            Rule(r"~*Runts()"),
            Rule(r"~*Giants()"),
            Rule(r"~*L3~+Packets()"),
            Rule(r"~*$()", to="Start"),
        ),
    },
)

# ---------------------------------------------------------------------------- show lldp neighbor-info detail

LLDP_NEIGHBOR_INFO_DETAIL = Template(
    (Value("local_interface", required=True), Value("chassis_id", required=True), Value("neighbor_name"),
     Value("neighbor_description"), Value("capabilities_supported"), Value("capabilities"), Value("mgmt_address"),
     Value("neighbor_port_id"), Value("neighbor_interface")),
    {"Start": (
        Rule(r"Port~*:~*(?P<local_interface>\S+)"),
        Rule(r"Neighbor~*(?:Chassis|System)-Name~*:~*(?P<neighbor_name>\S+)"),
        Rule(r"Neighbor~*(?:Chassis|System)-Description~*:~*(?P<neighbor_description>.+)"),
        Rule(r"Neighbor~*Chassis-ID~*:~*(?P<chassis_id>\S+)"),
        Rule(r"Neighbor~*Management-Address~*:~*(?P<mgmt_address>\S+)"),
        Rule(r"Chassis~*Capabilities~*Available~*:~*(?P<capabilities_supported>.+)"),
        Rule(r"Chassis~*Capabilities~*Enabled~*:~*(?P<capabilities>.+)"),
        Rule(r"Neighbor~*Port-ID~*:~*(?P<neighbor_port_id>\S+)"),
        Rule(r"Neighbor~*Port-Desc~*:~*(?P<neighbor_interface>\S.*?)~*$"),
        Rule(r"-+$()", record=True),
    )},
)

# ------------------------------------------------------ show aaa authentication port-access interface all client-status

# One deliberate addition: ``auth_status``, the Authentication Details Status line ("dot1x Authenticated"),
# which the template skips, though it is the session's state.
PORT_ACCESS_CLIENT_STATUS = Template(
    (Value("client_mac"), Value("client_name"), Value("session_port"), Value("role"), Value("auth_status")),
    {
        "Start": (
            Rule(r"~*Client~+(?P<client_mac>\S+),~+(?P<client_name>\S+)"),
            Rule(r"~+Session~+Details()", to="Session"),
            Rule(r"~+Authentication~+Details()", to="Authentication"),
            Rule(r"~+Authorization~+Details()", to="Authorization"),
        ),
        "Session": (
            Rule(r"~+Port~+:~*(?P<session_port>\S+)"),
            Rule(r"~*$()", to="Start"),
        ),
        "Authentication": (
            Rule(r"~+Status~*:~*(?P<auth_status>.*?)~*$"),
            Rule(r"~+Auth~*Precedence.*$()", to="Start"),
            Rule(r"~*$()", to="Start"),
        ),
        "Authorization": (
            Rule(r"~+Role~+:~+(?P<role>\S+)"),
            Rule(r"~*$()", record=True, to="Start"),
        ),
    },
)
