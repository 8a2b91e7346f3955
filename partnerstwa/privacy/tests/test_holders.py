from partnerstwa.privacy import holders
from partnerstwa.privacy.personal_data import PERSONAL_DATA


def test_every_model_in_the_personal_data_map_has_a_holder():
    assert set(PERSONAL_DATA) <= holders.covered(), set(PERSONAL_DATA) - holders.covered()


def test_holders_cover_only_declared_models_once_each():
    labels = [label for holder in holders.holders() for label in holder.models]
    assert len(labels) == len(set(labels))
    assert set(labels) <= set(PERSONAL_DATA)


def test_a_required_text_field_gets_a_placeholder_and_an_optional_one_is_blanked():
    update = holders.erased_values("activities.Registration")
    assert update["first_name"] == holders.ERASED
    assert update["phone"] == ""
    assert "email" in update and "person" not in update and "language" not in update
