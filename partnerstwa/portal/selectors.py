from partnerstwa.portal.models import Programme


def programme_current() -> Programme | None:
    return Programme.objects.current().first()
