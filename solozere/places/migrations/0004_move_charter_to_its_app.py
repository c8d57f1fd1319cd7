
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0003_add_pivot_to_place'),
    ]

    # The charter left places for its own app (solozere.charter, ADR 0009): its models leave places' state here and
    # enter charter's in charter.0001; the tables keep their names and their rows. Nothing touches the database.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='charterversion',
                    name='charter',
                ),
                migrations.RemoveField(
                    model_name='chartercriterion',
                    name='version',
                ),
                migrations.RemoveField(
                    model_name='membershipevidence',
                    name='criterion',
                ),
                migrations.RemoveField(
                    model_name='charterversion',
                    name='published_by',
                ),
                migrations.RemoveField(
                    model_name='placemembership',
                    name='charter_version',
                ),
                migrations.RemoveField(
                    model_name='membershipevidence',
                    name='membership',
                ),
                migrations.RemoveField(
                    model_name='placemembership',
                    name='accepted_by',
                ),
                migrations.RemoveField(
                    model_name='placemembership',
                    name='applicant',
                ),
                migrations.RemoveField(
                    model_name='placemembership',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='placemembership',
                    name='place',
                ),
                migrations.RemoveField(
                    model_name='placemembershipevent',
                    name='membership',
                ),
                migrations.RemoveField(
                    model_name='placemembershipevent',
                    name='actor',
                ),
                migrations.DeleteModel(
                    name='Charter',
                ),
                migrations.DeleteModel(
                    name='CharterCriterion',
                ),
                migrations.DeleteModel(
                    name='CharterVersion',
                ),
                migrations.DeleteModel(
                    name='MembershipEvidence',
                ),
                migrations.DeleteModel(
                    name='PlaceMembership',
                ),
                migrations.DeleteModel(
                    name='PlaceMembershipEvent',
                ),
            ],
            database_operations=[],
        ),
    ]
