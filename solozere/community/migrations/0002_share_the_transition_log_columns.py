"""The membership log takes the column definitions of core's TransitionLog (names unchanged): every row is kept."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_add_membership_directory_and_reports"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membershipevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submit", "demande d'adhésion"),
                    ("resubmit", "demande complétée"),
                    ("approve", "adhésion validée"),
                    ("request_info", "complément demandé"),
                    ("refuse", "adhésion refusée"),
                    ("renew", "adhésion renouvelée"),
                ],
                max_length=32,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="membershipevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="date"
            ),
        ),
        migrations.AlterField(
            model_name="membershipevent",
            name="from_state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("submitted", "en attente d'examen"),
                    ("info_requested", "complément demandé"),
                    ("approved", "validée"),
                    ("refused", "refusée"),
                ],
                max_length=32,
                verbose_name="état de départ",
            ),
        ),
        migrations.AlterField(
            model_name="membershipevent",
            name="to_state",
            field=models.CharField(
                choices=[
                    ("submitted", "en attente d'examen"),
                    ("info_requested", "complément demandé"),
                    ("approved", "validée"),
                    ("refused", "refusée"),
                ],
                max_length=32,
                verbose_name="état d'arrivée",
            ),
        ),
    ]
