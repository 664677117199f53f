"""The Devices tab: what a site's database holds (devices and their interfaces), searchable."""
