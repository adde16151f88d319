"""Telling which of the shipped languages an answer is in, only when it is clear."""

import pytest

from app.i18n.detect import detect_language

ANSWERS = {
    "en": "I would start by looking at the query plan and then add an index on the "
    "column that we filter by, because it was slow.",
    "es": "Empezaría revisando el plan de la consulta y luego añadiría un índice en "
    "la columna por la que filtramos, porque era lenta.",
    "fr": "Je commencerais par regarder le plan de la requête, puis j'ajouterais un "
    "index sur la colonne, parce que c'était lent.",
    "de": "Ich würde mir zuerst den Abfrageplan ansehen und dann einen Index auf die "
    "Spalte legen, weil es langsam war und wir nicht warten wollten.",
}


@pytest.mark.parametrize("language", sorted(ANSWERS))
def test_a_clear_answer_is_recognised(language):
    assert detect_language(ANSWERS[language]) == language


@pytest.mark.parametrize(
    "text",
    [
        "Yes, I think so.",  # too short to judge
        "Kubernetes Docker PostgreSQL Redis Kafka Terraform Ansible Helm Prometheus "
        "Grafana Loki Tempo",  # names, no sentence
        "SELECT id, name FROM users WHERE created_at > now() - interval '1 day' "
        "ORDER BY id LIMIT 10;",
        "أود أن أبدأ بالنظر إلى خطة الاستعلام ثم أضيف فهرسًا على العمود الذي نرشح "
        "به لأنه كان بطيئًا",  # a language Viva does not ship: never guessed
    ],
)
def test_unclear_text_is_not_judged(text):
    assert detect_language(text) is None
