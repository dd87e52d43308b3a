"""Admin for Maek's users: Django's user admin plus the language and regions each person works in."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import ROLES


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

    # Coordinators manage users, but only superusers make superusers or hand
    # out permissions one by one: a coordinator cannot raise anyone, themselves
    # included, above the three roles.
    superuser_only_fields = ("is_superuser", "user_permissions")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("regions")
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(
            _("There is no %(name)s at this address that you may see.") % {"name": opts.verbose_name}
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in self.superuser_only_fields if name not in readonly]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("regions"))
    def region_codes(self, user):
        return ", ".join(region.code for region in user.regions.all())
