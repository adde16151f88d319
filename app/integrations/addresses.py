"""Where webhooks may go: refuse the inside network (SSRF) unless configured.

With WEBHOOK_ALLOW_PRIVATE off (production), a receiver must resolve only to global
addresses: loopback, private ranges, link-local (cloud metadata at 169.254.169.254),
carrier-grade NAT, multicast, reserved and unspecified addresses are refused, also when
written as IPv4-mapped IPv6. The check runs when an endpoint is saved and again on the
resolved addresses right before each delivery, so a name that later resolves inside is
still refused.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

# Metadata services that are not link-local (Alibaba Cloud, AWS over IPv6).
METADATA_ADDRESSES = {
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("fd00:ec2::254"),
}


def address_refused(address: str) -> bool:
    """Whether a resolved address is on the inside network."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip in METADATA_ADDRESSES or not ip.is_global or ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (raises OSError when it does not)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def url_problem(url: str, config, *, resolve_host: bool = True) -> str | None:
    """Why a receiver URL is refused under `config`, or None when it may be used."""
    parts = urlsplit(url)
    allowed = ("https", "http") if config.get("WEBHOOK_ALLOW_HTTP") else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        return (
            "Use an https:// address."
            if "http" not in allowed
            else ("Use an http:// or https:// address.")
        )
    if parts.username or parts.password:
        return "Put no credentials in the address."
    if config.get("WEBHOOK_ALLOW_PRIVATE"):
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "The port is not valid."
    if not resolve_host:
        return None
    try:
        addresses = resolve(parts.hostname, port)
    except OSError:
        return "The host name does not resolve."
    if any(address_refused(address) for address in addresses):
        return "Private, loopback, link-local and metadata addresses are refused."
    return None
