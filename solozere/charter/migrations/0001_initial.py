
import django.core.validators
import django.db.models.deletion
import solozere.core.private_storage
import solozere.places.storage
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


MODELS = ["charter", "charterversion", "chartercriterion", "placemembership", "placemembershipevent", "membershipevidence"]


def _move(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _move(apps, "places", "charter")


def move_content_types_back(apps, schema_editor):
    _move(apps, "charter", "places")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('places', '0004_move_charter_to_its_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # The tables exist already (created by places.0002) and keep their names (db_table): this only enters the models
    # in charter's state, and moves their content types, so that the audit log and the permissions follow them.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Charter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=60, unique=True, verbose_name='identifiant')),
                        ('title', models.CharField(max_length=200, verbose_name='titre')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
                    ],
                    options={
                        'verbose_name': 'charte',
                        'verbose_name_plural': 'chartes',
                        'db_table': 'places_charter',
                        'ordering': ['title'],
                    },
                ),
                migrations.CreateModel(
                    name='CharterVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='numéro de version')),
                        ('text', models.TextField(verbose_name='texte de la charte')),
                        ('changes', models.TextField(blank=True, help_text='Résumé des changements par rapport à la version précédente.', verbose_name='ce qui change')),
                        ('min_download_mbps', models.DecimalField(decimal_places=1, default=Decimal('30'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.1')), django.core.validators.MaxValueValidator(Decimal('10000'))], verbose_name="débit descendant minimal d'un Télécentre (Mbit/s)")),
                        ('published_at', models.DateTimeField(blank=True, help_text='Vide : brouillon.', null=True, verbose_name='publiée le')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
                        ('charter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='charter.charter', verbose_name='charte')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='publiée par')),
                    ],
                    options={
                        'verbose_name': 'version de la charte',
                        'verbose_name_plural': 'versions de la charte',
                        'db_table': 'places_charterversion',
                        'ordering': ['charter', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='CharterCriterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('comptoir', 'Comptoir SoLozère'), ('telecentre', 'Télécentre')], max_length=12, verbose_name='type de lieu')),
                        ('code', models.CharField(choices=[('open_to_public', 'Ouvert au public'), ('no_access_restriction', "Sans restriction d'accès"), ('dedicated_telework_space', 'Espace dédié au télétravail'), ('free_wifi', 'Wi-Fi gratuit'), ('workspace', 'Bureaux privatifs ou espace partagé'), ('professional_connectivity', 'Connexion professionnelle'), ('reception_capacity_and_animation', "Capacité d'accueil et animation"), ('wider_services', 'Services élargis')], max_length=40, verbose_name='vérification')),
                        ('label', models.CharField(max_length=200, verbose_name='intitulé')),
                        ('guidance', models.TextField(blank=True, verbose_name='ce qui est attendu')),
                        ('evidence_kind', models.CharField(choices=[('text', 'Texte'), ('photo', 'Photo'), ('document', 'Document (PDF ou image)'), ('speed_test', 'Mesure de débit')], max_length=12, verbose_name='justificatif')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordre')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='charter.charterversion')),
                    ],
                    options={
                        'verbose_name': 'critère de la charte',
                        'verbose_name_plural': 'critères de la charte',
                        'db_table': 'places_chartercriterion',
                        'ordering': ['version', 'kind', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PlaceMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('comptoir', 'Comptoir SoLozère'), ('telecentre', 'Télécentre')], max_length=12, verbose_name='adhère comme')),
                        ('status', models.CharField(choices=[('submitted', "en attente d'examen"), ('approved', 'membre du réseau'), ('refused', 'refusée'), ('suspended', 'label suspendu'), ('ended', 'terminée')], db_index=True, default='submitted', max_length=10, verbose_name='état')),
                        ('accepted_at', models.DateTimeField(verbose_name='charte acceptée le')),
                        ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='envoyée le')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='décision le')),
                        ('decision_note', models.TextField(blank=True, verbose_name='motif de la décision')),
                        ('valid_from', models.DateField(blank=True, null=True, verbose_name='label depuis le')),
                        ('valid_until', models.DateField(blank=True, null=True, verbose_name="label valable jusqu'au")),
                        ('renewal_requested_at', models.DateTimeField(blank=True, null=True, verbose_name='à renouveler depuis le')),
                        ('renewal_reason', models.CharField(blank=True, choices=[('new_version', 'nouvelle version de la charte'), ('yearly', 'renouvellement annuel')], max_length=12, verbose_name='motif du renouvellement')),
                        ('suspended_at', models.DateTimeField(blank=True, null=True, verbose_name='suspendu le')),
                        ('suspension_reason', models.TextField(blank=True, verbose_name='motif de la suspension')),
                        ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='terminée le')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifiée le')),
                        ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='charte acceptée par')),
                        ('applicant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='place_memberships', to=settings.AUTH_USER_MODEL, verbose_name='demandeur')),
                        ('charter_version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='charter.charterversion', verbose_name='version de la charte')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='décision par')),
                        ('place', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='places.place', verbose_name='lieu')),
                    ],
                    options={
                        'verbose_name': "adhésion d'un lieu",
                        'verbose_name_plural': 'adhésions des lieux',
                        'db_table': 'places_placemembership',
                        'ordering': ['-submitted_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MembershipEvidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(blank=True, verbose_name='explication')),
                        ('speed_mbps', models.DecimalField(blank=True, decimal_places=1, max_digits=7, null=True, verbose_name='débit descendant mesuré (Mbit/s)')),
                        ('file', models.FileField(blank=True, max_length=255, storage=solozere.core.private_storage.PrivateStorage(), upload_to=solozere.places.storage.evidence_upload_to, verbose_name='fichier')),
                        ('file_name', models.CharField(blank=True, max_length=255, verbose_name='nom du fichier envoyé')),
                        ('file_content_type', models.CharField(blank=True, max_length=40)),
                        ('file_size', models.PositiveIntegerField(default=0)),
                        ('review_state', models.CharField(choices=[('pending', 'à examiner'), ('accepted', 'conforme'), ('rejected', 'non conforme')], default='pending', max_length=10, verbose_name='examen')),
                        ('review_note', models.TextField(blank=True, verbose_name="remarque de l'équipe")),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='charter.chartercriterion')),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='charter.placemembership')),
                    ],
                    options={
                        'verbose_name': 'justificatif',
                        'verbose_name_plural': 'justificatifs',
                        'db_table': 'places_membershipevidence',
                        'ordering': ['criterion__position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PlaceMembershipEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('submitted', "en attente d'examen"), ('approved', 'membre du réseau'), ('refused', 'refusée'), ('suspended', 'label suspendu'), ('ended', 'terminée')], max_length=10, verbose_name='état avant')),
                        ('to_status', models.CharField(choices=[('submitted', "en attente d'examen"), ('approved', 'membre du réseau'), ('refused', 'refusée'), ('suspended', 'label suspendu'), ('ended', 'terminée')], max_length=10, verbose_name='état après')),
                        ('action', models.CharField(max_length=20, verbose_name='action')),
                        ('note', models.TextField(blank=True, verbose_name='motif')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='le')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='charter.placemembership')),
                    ],
                    options={
                        'verbose_name': "étape d'une adhésion",
                        'verbose_name_plural': 'étapes des adhésions',
                        'db_table': 'places_placemembershipevent',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='charterversion',
                    constraint=models.UniqueConstraint(fields=('charter', 'number'), name='charter_version_number_unique', violation_error_message='Cette charte a déjà une version portant ce numéro.'),
                ),
                migrations.AddConstraint(
                    model_name='charterversion',
                    constraint=models.CheckConstraint(condition=models.Q(('min_download_mbps__gt', 0)), name='charter_version_min_download_positive', violation_error_message='Le débit minimal doit être positif.'),
                ),
                migrations.AddConstraint(
                    model_name='chartercriterion',
                    constraint=models.UniqueConstraint(fields=('version', 'kind', 'code'), name='charter_criterion_unique_per_kind', violation_error_message='Ce critère figure déjà pour ce type de lieu dans cette version.'),
                ),
                migrations.AddConstraint(
                    model_name='placemembership',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'submitted')), fields=('place',), name='place_membership_one_pending', violation_error_message="Ce lieu a déjà une demande d'adhésion en attente d'examen."),
                ),
                migrations.AddConstraint(
                    model_name='placemembership',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['approved', 'suspended'])), fields=('place',), name='place_membership_one_label', violation_error_message='Ce lieu a déjà un label en cours.'),
                ),
                migrations.AddConstraint(
                    model_name='placemembership',
                    constraint=models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_from__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='place_membership_valid_range', violation_error_message='La fin de validité du label ne peut précéder son début.'),
                ),
                migrations.AddConstraint(
                    model_name='membershipevidence',
                    constraint=models.UniqueConstraint(fields=('membership', 'criterion'), name='membership_evidence_one_per_criterion', violation_error_message='Un seul justificatif par critère.'),
                ),
                migrations.AddConstraint(
                    model_name='membershipevidence',
                    constraint=models.CheckConstraint(condition=models.Q(('speed_mbps__isnull', True), ('speed_mbps__gte', 0), _connector='OR'), name='membership_evidence_speed_positive', violation_error_message='Le débit mesuré ne peut pas être négatif.'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
