"""layouts.core.addresses: which hosts are on the public internet."""

from __future__ import annotations

import pytest

from layouts.core.addresses import (
    is_allow_listed,
    is_public_address,
    local_host_kind,
    unreachable_host,
)


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("[::1]", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.7", "private"),
        ("169.254.10.10", "link-local"),
        ("169.254.169.254", "metadata"),
        ("metadata.tencentyun.com", "metadata"),
        ("localhost", "local-name"),
        ("studio.local", "local-name"),
        ("intranet", "local-name"),
        ("img.example.com", None),
        ("100.64.0.1", "reserved"),  # shared carrier-grade NAT space, never on the internet
        ("8.8.8.8", None),
    ],
)
def test_a_host_is_judged_from_its_name_alone(host, kind):
    assert local_host_kind(host) == kind


def test_an_allowed_host_is_let_through_with_or_without_its_port():
    assert unreachable_host("http://10.0.0.5:8080/a.png", ["10.0.0.5:8080"]) is None
    assert unreachable_host("http://10.0.0.5:8080/a.png", ["10.0.0.5"]) is None
    assert unreachable_host("http://10.0.0.5:8080/a.png", ["10.0.0.6"]) == ("10.0.0.5", "private")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("10.0.0.1", False),
        ("::ffff:10.0.0.1", False),  # IPv4-mapped: judged as its IPv4 host
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::a00:1", False),  # NAT64 to 10.0.0.1
        ("64:ff9b::808:808", True),  # NAT64 to 8.8.8.8
        ("2002:a00:1::1", False),  # 6to4 carrying 10.0.0.1
        ("224.0.0.1", False),  # multicast
        ("0.0.0.0", False),
        ("not an address", False),
    ],
)
def test_only_unicast_addresses_of_the_public_internet_are_public(address, public):
    assert is_public_address(address) is public


def test_allow_list_entries_match_a_host_with_or_without_its_port_ipv6_in_brackets():
    assert is_allow_listed("::1", 8000, ["[::1]:8000"])
    assert is_allow_listed("::1", None, [" [::1] "])
    assert is_allow_listed("Studio.Local", 80, ["studio.local"])
    assert not is_allow_listed("studio.local", 80, ["studio.local:81"])


def test_a_url_that_cannot_be_parsed_or_has_no_host_is_left_to_r45():
    assert unreachable_host("http://[::1/x.png") is None
    assert unreachable_host("file:///etc/passwd") is None
    assert unreachable_host("https://img.example.com/a.png") is None
