"""The transition log takes the columns of core's TransitionLog (from_state, to_state, reason): renamed, so every
row is kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="placemembershipevent", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="placemembershipevent", old_name="to_status", new_name="to_state"),
        migrations.RenameField(model_name="placemembershipevent", old_name="note", new_name="reason"),
        migrations.AlterField(
            model_name="placemembershipevent",
            name="action",
            field=models.CharField(max_length=32, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="placemembershipevent",
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
            model_name="placemembershipevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="date"
            ),
        ),
        migrations.AlterField(
            model_name="placemembershipevent",
            name="from_state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("submitted", "en attente d'examen"),
                    ("approved", "membre du réseau"),
                    ("refused", "refusée"),
                    ("suspended", "label suspendu"),
                    ("ended", "terminée"),
                ],
                max_length=32,
                verbose_name="état de départ",
            ),
        ),
        migrations.AlterField(
            model_name="placemembershipevent",
            name="to_state",
            field=models.CharField(
                choices=[
                    ("submitted", "en attente d'examen"),
                    ("approved", "membre du réseau"),
                    ("refused", "refusée"),
                    ("suspended", "label suspendu"),
                    ("ended", "terminée"),
                ],
                max_length=32,
                verbose_name="état d'arrivée",
            ),
        ),
    ]
