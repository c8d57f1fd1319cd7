"""The project's form renderer: every field of every app goes through one template (components/field.html)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders forms through the project's TEMPLATES, so components/ partials and our overrides apply everywhere.

    `{{ field.as_field_group }}` then gives the accessible field of the design system: label (with "(facultatif)"),
    hint and errors with ids wired to aria-describedby, a fieldset and legend for lists of choices.
    """

    field_template_name = "components/field.html"
