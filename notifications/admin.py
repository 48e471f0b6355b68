"""The outbox and opt-outs for operations staff (superusers): rows carry no organisation, so no
coordinator group is given these permissions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import services
from notifications.models import Notification, NotificationAttachment, Suppression


class AttachmentInline(admin.TabularInline):
    model = NotificationAttachment
    extra = 0
    can_delete = False
    fields = ["filename", "content_type", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("size (bytes)"))
    def size(self, obj):
        return len(obj.content or b"")


# A notification is a record of what was sent: every field is read-only.
DETAIL_FIELDS = [
    "kind",
    "recipient",
    "channel",
    "category",
    "language",
    "about_display",
    "status",
    "due_at",
    "next_attempt_at",
    "attempts",
    "last_error",
    "sent_at",
    "created_at",
    "idempotency_key",
]
MESSAGE_FIELDS = ["subject", "text_display", "html_display"]
HIDDEN = _(
    "Not shown: this message holds a link that opens the recipient's private pages. Its text is "
    "emptied once it is sent."
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "recipient",
        "channel",
        "category",
        "language",
        "status",
        "due_at",
        "attempts",
        "sent_at",
    ]
    list_filter = [
        "status",
        "channel",
        "kind",
        "category",
        "language",
        ("due_at", admin.DateFieldListFilter),
    ]
    search_fields = ["recipient", "kind"]
    date_hierarchy = None
    ordering = ["-due_at", "-id"]
    list_per_page = 100
    show_full_result_count = False
    actions = ["resend_failed"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": DETAIL_FIELDS}),
        (_("Message"), {"fields": MESSAGE_FIELDS}),
    ]
    readonly_fields = [*DETAIL_FIELDS, *MESSAGE_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body_text", "body_html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only pages; the resend action checks its own permission.
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.change_notification")

    @admin.display(description=_("about"))
    def about_display(self, obj):
        if obj.content_type_id is None:
            return "—"
        return f"{obj.content_type.app_label}.{obj.content_type.model} #{obj.object_id}"

    @admin.display(description=_("text"))
    def text_display(self, obj):
        if services.is_secret(obj):
            return HIDDEN
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', obj.body_text)

    @admin.display(description=_("HTML"))
    def html_display(self, obj):
        if services.is_secret(obj):
            return HIDDEN
        if not obj.body_html:
            return "—"
        # A sandboxed frame without scripts shows the rendered mail, isolated from the admin.
        return format_html(
            '<iframe sandbox="" srcdoc="{}" title="{}" '
            'style="width: 100%; min-height: 28rem; border: 1px solid #ccc"></iframe>',
            obj.body_html,
            _("Rendered e-mail"),
        )

    @admin.action(description=_("Send the failed messages again"), permissions=["resend"])
    def resend_failed(self, request, queryset):
        done = 0
        skipped = 0
        for notification in queryset.filter(status=Notification.Status.FAILED):
            try:
                services.resend(notification=notification)
            except ValidationError:
                skipped += 1
            else:
                done += 1
        skipped += queryset.exclude(status=Notification.Status.FAILED).count()
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message will be sent again.",
                    "%(count)d messages will be sent again.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was skipped: only failed messages can be sent again.",
                    "%(count)d messages were skipped: only failed messages can be sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["recipient", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["recipient"]
    readonly_fields = ["created_at"]
    ordering = ["-created_at"]
    fields = ["recipient", "category", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: the address is normalised and pending messages are cancelled.
        suppression = services.opt_out(recipient=obj.recipient, category=obj.category)
        obj.pk = suppression.pk
        obj.recipient = suppression.recipient
        obj.created_at = suppression.created_at
