import factory
from django.utils import timezone

from partnerstwa.newsletter.models import (
    Campaign,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Subscriber,
    SubscriberStatus,
    Topic,
)


def topic(slug: str) -> Topic:
    """A topic seeded by the migration: programme-news, events, contest, advocacy."""
    return Topic.objects.get(slug=slug)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber (with a confirmed consent record) unless told otherwise."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    language = "pl"
    status = SubscriberStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create:
            self.topics.set(extracted if extracted is not None else [topic("programme-news")])

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        if create:
            ConsentRecord.objects.create(
                subscriber=self,
                text=ConsentText.objects.order_by("-version").first(),
                method=ConsentMethod.FORM,
                given_at=timezone.now(),
                confirmed_at=timezone.now() if self.status == SubscriberStatus.CONFIRMED else None,
            )


def campaign(topics=(), language: str = "", **fields) -> Campaign:
    defaults = {
        "subject_pl": "Nowości programu",
        "subject_en": "Programme news",
        "body_pl": '<p>Zapraszamy na <a href="/wydarzenia/">warsztaty</a>.</p>',
        "body_en": '<p>Join our <a href="/wydarzenia/">workshops</a>.</p>',
        "language": language,
    }
    defaults.update(fields)
    record = Campaign(**defaults)
    record.save()
    if topics:
        record.topics.set(list(topics))
        record.save()
    return record
