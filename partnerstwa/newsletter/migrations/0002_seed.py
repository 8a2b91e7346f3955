"""The first topics of the sign-up form and the first version of the consent wording.

Staff edit topics in the back office; a new consent wording is added as a new version (the
first stays as subscribers saw it)."""

from django.db import migrations

TOPICS = [
    ("programme-news", "Wiadomości z programu", "Programme news"),
    ("events", "Wydarzenia i szkolenia", "Events and training"),
    ("contest", "Konkurs", "Contest"),
    ("advocacy", "Bariery prawne i rzecznictwo", "Legal barriers and advocacy"),
]

CONSENT_PL = (
    "Wyrażam zgodę na przesyłanie mi newslettera programu na podany adres e-mail. "
    "Administratorem danych jest stowarzyszenie prowadzące program. Adres wykorzystujemy wyłącznie "
    "do wysyłki newslettera w wybranych tematach i języku. Zgodę można wycofać w każdej chwili "
    "linkiem umieszczonym w każdej wiadomości; wycofanie nie wpływa na zgodność z prawem "
    "wysyłki dokonanej przed nim."
)
CONSENT_EN = (
    "I agree to receive the programme's newsletter at the e-mail address given. The controller "
    "of the data is the association that runs the programme. The address is used only to send "
    "the newsletter on the topics and in the language chosen. Consent may be withdrawn at any "
    "time through the link in every message; withdrawal does not affect the lawfulness of "
    "sending before it."
)


def seed(apps, schema_editor):
    Topic = apps.get_model("newsletter", "Topic")
    ConsentText = apps.get_model("newsletter", "ConsentText")
    for position, (slug, name_pl, name_en) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug,
            defaults={"name": name_pl, "name_pl": name_pl, "name_en": name_en, "position": position},
        )
    if not ConsentText.objects.exists():
        ConsentText.objects.create(version=1, text=CONSENT_PL, text_pl=CONSENT_PL, text_en=CONSENT_EN)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
