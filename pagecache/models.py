"""The record of content changes that versions the cached public pages.

Every change to what a public page shows appends a row here, in the transaction
of the change; the newest row's token is the version in the key of every cached
page. A row becomes visible to the other server processes exactly when the change
commits, so no process can serve a page older than the data it can read. Appending
(rather than bumping one counter row) keeps concurrent writers from queueing on a
single row lock.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentChange(models.Model):
    # A random token, not the id: ids can be reused after a rollback (SQLite), a
    # token never names two different states of the data.
    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")

    def __str__(self):
        return f"{self.pk}: {self.token}"
