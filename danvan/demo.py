"""The shared demo password, accepted only while DEBUG is on.

Demo users are created with an unusable password and put in the demo group.
The settings add this backend only when DEBUG is true, and it checks DEBUG
again, so a production deployment never accepts the demo password.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

DEMO_GROUP = "demo"


class DemoPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG or not username or password != settings.DEMO_PASSWORD:
            return None
        user = get_user_model().objects.filter(username=username, groups__name=DEMO_GROUP).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
