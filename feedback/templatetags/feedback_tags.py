from django import template

register = template.Library()


@register.simple_tag
def field_value(values, question):
    return (values or {}).get(f"q{question.pk}", "")


@register.simple_tag
def field_error(errors, question):
    return (errors or {}).get(f"q{question.pk}", "")
