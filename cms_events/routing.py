"""Routing to a child page in one query instead of Wagtail's two."""

from django.apps import apps


class CommonChildRoutingMixin:
    """Find a child of the common type by its slug with its specific fields in one query.

    Wagtail's `Page.route()` fetches the child as a plain `Page` and then its specific form.
    Put this mixin before `Page` in the bases (after `RoutablePageMixin`, whose own routes
    come first) and name the type most children have in `common_child_model`. Children of
    other types are routed by Wagtail as before.
    """

    #: "app_label.ModelName" of the page type most children have.
    common_child_model = None

    def get_common_children(self):
        """Return the children of the common type, their locale loaded. Override this to load
        more with them in the same query."""
        model = apps.get_model(self.common_child_model)
        return model.objects.child_of(self).select_related("locale")

    def get_common_child(self, slug):
        """Return the child of the common type with this slug, or None."""
        return self.get_common_children().filter(slug=slug).first()

    def route(self, request, path_components):
        if path_components and self.common_child_model:
            child = self.get_common_child(path_components[0])
            if child is not None:
                # As Page.route(): the parent is known, and the child may be of a subclass.
                child._cached_parent_obj = self
                return child.specific.route(request, path_components[1:])
        return super().route(request, path_components)
