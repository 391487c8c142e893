"""Admin for handbooks: the review queue (submit, approve, return with comments), each
handbook's entries read-only, and the pages that run a transition on one handbook.

County operators see and submit their county's handbooks; prefecture and region staff also
approve (which publishes the entries) and return them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.admin_import import handbook_import_page
from catalog.admin_messages import review_errors_text
from catalog.admin_scoping import ScopedAdmin, is_catalog_staff
from catalog.models import Handbook, HandbookEntry, HandbookStatus
from catalog.services.handbook_review import (
    SUBMITTABLE,
    handbook_approve,
    handbook_can_review,
    handbook_can_submit,
    handbook_return,
    handbook_reviewer,
    handbook_submit,
)
from infra.errors import ValidationFailed

ENTRY_COLUMNS = (
    "row_number",
    "name_zh",
    "name_bo",
    "name_en",
    "specification",
    "unit",
    "net_weight",
    "price_min",
    "price_max",
    "season",
    "producer_name",
    "gtin",
    "product",
)


class HandbookEntryInline(admin.TabularInline):
    model = HandbookEntry
    fields = ENTRY_COLUMNS
    readonly_fields = ENTRY_COLUMNS
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("row_number", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")

    def has_view_permission(self, request, obj=None):
        return is_catalog_staff(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


class ReturnForm(CommentForm):
    comment = forms.CharField(
        label=gettext_lazy("What needs changing"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


@dataclass(frozen=True)
class Transition:
    service: Callable  # (handbook, user, comment) -> Handbook
    needs_reviewer: bool
    form_class: type[forms.Form] | None
    title: str
    done: str  # message, with %(handbook)s


TRANSITIONS = {
    "submit": Transition(
        lambda handbook, user, comment: handbook_submit(handbook=handbook, user=user),
        needs_reviewer=False,
        form_class=None,
        title=gettext_lazy("Submit the handbook for review"),
        done=gettext_lazy("“%(handbook)s” was submitted for review."),
    ),
    "approve": Transition(
        lambda handbook, user, comment: handbook_approve(
            handbook=handbook, user=user, comment=comment
        ),
        needs_reviewer=True,
        form_class=CommentForm,
        title=gettext_lazy("Approve and publish the handbook"),
        done=gettext_lazy("“%(handbook)s” was approved; its entries are published."),
    ),
    "return": Transition(
        lambda handbook, user, comment: handbook_return(
            handbook=handbook, user=user, comment=comment
        ),
        needs_reviewer=True,
        form_class=ReturnForm,
        title=gettext_lazy("Return the handbook with comments"),
        done=gettext_lazy("“%(handbook)s” was returned to the county."),
    ),
}


def allowed(request, handbook: Handbook, action: str) -> bool:
    if TRANSITIONS[action].needs_reviewer:
        return handbook_can_review(request.user, handbook)
    return handbook_can_submit(request.user, handbook)


@admin.register(Handbook)
class HandbookAdmin(ScopedAdmin):
    scope_fields = ("county",)
    list_display = (
        "__str__",
        "county",
        "edition",
        "status",
        "entry_count",
        "submitted_at",
        "reviewed_at",
    )
    list_filter = ("status", "edition")
    list_select_related = ("county",)
    search_fields = ("county__name_zh", "county__name_en", "county__code")
    inlines = (HandbookEntryInline,)
    filter_horizontal = ("channels",)
    actions = ("submit_handbooks", "approve_handbooks", "return_handbooks")
    fields = (
        "county",
        "edition",
        "channels",
        "status",
        "review_comment",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "pdf_file",
        "package_file",
        "created_at",
        "updated_at",
    )
    review_fields = (
        "status",
        "review_comment",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "pdf_file",
        "package_file",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    @admin.display(description=gettext_lazy("Entries"), ordering="entry_total")
    def entry_count(self, obj: Handbook) -> int:
        return obj.entry_total

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.review_fields
        if obj.status not in SUBMITTABLE:
            return self.fields
        return ("county", "edition", *self.review_fields)

    def has_delete_permission(self, request, obj=None):
        editable = obj is None or obj.status in SUBMITTABLE
        return editable and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion checks no object: a submitted or approved handbook must not go.
        actions.pop("delete_selected", None)
        if not handbook_reviewer(request.user):
            actions.pop("approve_handbooks", None)
            actions.pop("return_handbooks", None)
        return actions

    # --- URLs and pages ------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        extra = [
            path(
                "import/",
                wrap(self.import_view),
                name="{}_{}_import".format(*info),
            ),
        ]
        for action in TRANSITIONS:
            extra.append(
                path(
                    f"<path:object_id>/{action}/",
                    wrap(self.transition_view),
                    {"action": action},
                    name=f"{info[0]}_{info[1]}_{action}",
                )
            )
        return extra + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return handbook_import_page(self, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        handbook = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if handbook is not None:
            context["transitions"] = [
                (action, TRANSITIONS[action].title)
                for action in TRANSITIONS
                if allowed(request, handbook, action) and self._status_allows(handbook, action)
            ]
        return super().change_view(request, object_id, form_url, context)

    @staticmethod
    def _status_allows(handbook: Handbook, action: str) -> bool:
        if action == "submit":
            return handbook.status in SUBMITTABLE
        return handbook.status == HandbookStatus.SUBMITTED

    def transition_view(self, request, object_id, action):
        handbook = self.get_object(request, unquote(object_id))
        if handbook is None:
            raise Http404(_("This handbook does not exist."))
        if not allowed(request, handbook, action):
            raise PermissionDenied
        transition = TRANSITIONS[action]
        posted = request.method == "POST"
        form_class = transition.form_class
        form = form_class(request.POST if posted else None) if form_class else None
        errors: list[str] = []
        if posted and (form is None or form.is_valid()):
            comment = form.cleaned_data["comment"] if form else ""
            try:
                handbook = transition.service(handbook, request.user, comment)
            except ValidationFailed as failure:
                errors = review_errors_text(failure)
            else:
                self.message_user(
                    request, transition.done % {"handbook": handbook}, messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[handbook.pk],
                        current_app=self.admin_site.name,
                    )
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": transition.title,
            "handbook": handbook,
            "action": action,
            "form": form,
            "errors": errors,
            "entry_count": handbook.entries.count(),
        }
        return TemplateResponse(request, "admin/catalog/handbook/transition.html", context)

    # --- List actions --------------------------------------------------------------------

    def _run(self, request, queryset, action: str, comment: str = "") -> None:
        transition = TRANSITIONS[action]
        for handbook in queryset.select_related("county"):
            if not allowed(request, handbook, action):
                self.message_user(
                    request,
                    _("You may not do this to “%(handbook)s”.") % {"handbook": handbook},
                    messages.ERROR,
                )
                continue
            try:
                transition.service(handbook, request.user, comment)
            except ValidationFailed as failure:
                for text in review_errors_text(failure):
                    self.message_user(request, f"{handbook}: {text}", messages.ERROR)
            else:
                self.message_user(
                    request, transition.done % {"handbook": handbook}, messages.SUCCESS
                )

    @admin.action(description=gettext_lazy("Submit the selected handbooks for review"))
    def submit_handbooks(self, request, queryset):
        self._run(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Approve and publish the selected handbooks"))
    def approve_handbooks(self, request, queryset):
        self._run(request, queryset, "approve")

    @admin.action(description=gettext_lazy("Return the selected handbooks with comments"))
    def return_handbooks(self, request, queryset):
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._run(request, queryset, "return", form.cleaned_data["comment"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": TRANSITIONS["return"].title,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/handbook/return_selected.html", context)
