"""Create the organizations of the seed articles and one demo user per role.

Safe to run again: organizations and users are looked up before they are
created. Demo users get no password of their own; they log in with the
shared demo password, which only a DEBUG deployment accepts.
"""

import importlib
import importlib.util
import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from danvan.demo import DEMO_GROUP
from danvan.models import Membership
from danvan.organizations import organization_from_spec

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo.json"
BACK_OFFICE_GROUP = "back office"
BACK_OFFICE_APPS = ["danvan", "conferences", "models_registry"]


class Command(BaseCommand):
    help = "Create demo organizations and users (see README for the list)."

    @transaction.atomic
    def handle(self, *args, **options):
        demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        organizations = {key: organization_from_spec(spec) for key, spec in demo["organizations"].items()}
        demo_group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
        back_office = self.back_office_group()
        for spec in demo["users"]:
            user = self.user(spec, demo_group, back_office)
            Membership.objects.get_or_create(
                user=user, organization=organizations[spec["organization"]], role=spec["role"]
            )
        self.stdout.write(f"Demo ready: {len(organizations)} organizations, {len(demo['users'])} users.")
        # Each app may add its own demo records in `<app>/demo_data.py`, through its own services.
        for app_config in apps.get_app_configs():
            if importlib.util.find_spec(f"{app_config.name}.demo_data"):
                importlib.import_module(f"{app_config.name}.demo_data").load(self.stdout)

    def back_office_group(self) -> Group:
        group, _ = Group.objects.get_or_create(name=BACK_OFFICE_GROUP)
        group.permissions.set(
            # Row scoping is the admin's job (ScopedAdminMixin); the group opens the models.
            Permission.objects.filter(content_type__app_label__in=BACK_OFFICE_APPS)
        )
        return group

    def user(self, spec: dict, demo_group: Group, back_office: Group):
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["full_name"],
                "is_staff": spec.get("staff", False) or spec.get("superuser", False),
                "is_superuser": spec.get("superuser", False),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(demo_group)
        if spec.get("staff"):
            user.groups.add(back_office)
        return user
