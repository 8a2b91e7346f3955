"""Addresses no part of the system may mail again (a hard bounce, a complaint, a request).

lib sits below every app, so it cannot ask the app that keeps the list (newsletter); that app
registers its check here when it starts (NewsletterConfig.ready) and every send consults it
(lib.mail.send_once, the newsletter's own sender). With nothing registered nothing is
suppressed.
"""

from collections.abc import Callable, Iterable

_checks: list[Callable[[Iterable[str]], set[str]]] = []


def register(check: Callable[[Iterable[str]], set[str]]) -> None:
    """check(addresses) -> the suppressed ones among them (as given)."""
    if check not in _checks:
        _checks.append(check)


def suppressed(addresses: Iterable[str]) -> set[str]:
    """Those of the addresses that must not be mailed."""
    addresses = list(addresses)
    found: set[str] = set()
    for check in _checks:
        found |= check(addresses)
    return found


def allowed(addresses: Iterable[str]) -> list[str]:
    """The addresses that may be mailed, in their order."""
    addresses = list(addresses)
    refused = suppressed(addresses)
    return [address for address in addresses if address not in refused]
