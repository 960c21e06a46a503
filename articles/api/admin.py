"""Partner API keys in the admin: create one and its secret is shown once; revoke by unticking "active"."""

from django.contrib import admin, messages

from articles.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "rate_limit", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact", "prefix"]
    readonly_fields = ["prefix", "created_at"]
    fields = ["name", "contact", "rate_limit", "is_active", "prefix", "created_at"]

    def save_model(self, request, obj, form, change):
        raw = None if change else obj.secret_set()
        super().save_model(request, obj, form, change)
        if raw:
            # Only the hash is stored: this message is the one time anyone sees the key.
            messages.warning(
                request,
                f"The key for {obj.name} is {raw} — copy it now and send it to the partner; "
                "it cannot be shown again. The partner sends it as the X-API-Key header.",
            )
