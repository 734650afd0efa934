"""The demo site's Content Security Policy: strict for visitors, relaxed for Wagtail's admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def is_admin_path(path):
    """Return whether `path` belongs to Wagtail's admin."""
    try:
        return path.startswith(reverse("wagtailadmin_home"))
    except NoReverseMatch:
        return False


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Send `CONTENT_SECURITY_POLICY`, or `ADMIN_CONTENT_SECURITY_POLICY` in the admin.

    Wagtail's admin (and its previews) relies on inline scripts and styles, so it gets its
    own policy instead of none at all.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        wants_admin_policy = not report_only and parts.config is None and admin_policy
        if wants_admin_policy and is_admin_path(request.path_info):
            parts.config = admin_policy["DIRECTIVES"]
        return parts
