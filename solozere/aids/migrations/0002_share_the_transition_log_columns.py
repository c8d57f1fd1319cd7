"""The transition log takes the columns of core's TransitionLog (from_state, to_state, reason): renamed, so every
row is kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aids", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="applicationtransition", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="applicationtransition", old_name="to_status", new_name="to_state"),
        migrations.AlterField(
            model_name="applicationtransition",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="auteur",
            ),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="date"
            ),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="from_state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("draft", "brouillon"),
                    ("submitted", "déposée"),
                    ("under_review", "en instruction"),
                    ("awaiting_documents", "pièces demandées"),
                    ("accepted", "accordée"),
                    ("refused", "refusée"),
                    ("paid", "versée"),
                    ("withdrawn", "retirée"),
                ],
                max_length=32,
                verbose_name="état de départ",
            ),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="to_state",
            field=models.CharField(
                choices=[
                    ("draft", "brouillon"),
                    ("submitted", "déposée"),
                    ("under_review", "en instruction"),
                    ("awaiting_documents", "pièces demandées"),
                    ("accepted", "accordée"),
                    ("refused", "refusée"),
                    ("paid", "versée"),
                    ("withdrawn", "retirée"),
                ],
                max_length=32,
                verbose_name="état d'arrivée",
            ),
        ),
    ]
