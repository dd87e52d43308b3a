"""Admin for Maek's users: Django's user admin plus the language and regions each person works in."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (_("Work in Maek"), {"fields": ("preferred_language", "regions")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Work in Maek"), {"classes": ("wide",), "fields": ("preferred_language", "regions")}),
    )
    list_display = (*DjangoUserAdmin.list_display, "preferred_language", "region_codes")
    list_filter = (*DjangoUserAdmin.list_filter, "preferred_language", "regions")
    filter_horizontal = (*DjangoUserAdmin.filter_horizontal, "regions")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description=_("regions"))
    def region_codes(self, user):
        return ", ".join(region.code for region in user.regions.all())
