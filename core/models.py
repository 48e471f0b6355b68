"""Accounts, organisations, reference data (regions, municipalities) and the shared taxonomies."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import ENGLISH_HELP, Bilingual, translated
from core.choices import PeerSupportForm


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a coordinator, an organisation admin or a peer guide.

    The e-mail address is the login; there is no username. Participants have no account.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("da", _("Danish")), ("en", _("English"))],
        default="da",
        help_text=_("The language of e-mails sent to this person."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log in to the administration (coordinators and admins)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    organisation_path = "memberships__organisation"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        # The guide list in the admin orders guides by their user's name (issue 15).
        indexes = [models.Index(fields=["first_name", "last_name"], name="core_user_name_idx")]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class StatusChange(models.Model):
    """Base of the history rows of every status pipeline (guide, match, cohort): who moved the
    object, when, with an optional note. Subclasses add the object and from/to with choices."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        "core.User",
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Region(models.Model):
    """One of Denmark's five regions (reference data, loaded by a migration)."""

    code = models.PositiveIntegerField(_("region code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """One of Denmark's 98 municipalities (kommuner), with its official code."""

    code = models.PositiveIntegerField(_("municipality code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("Approximate position of the main town, used for distances in matching."),
    )
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(Bilingual, models.Model):
    """A municipality, region or NGO that runs a peer-support programme on this installation.

    Every record that belongs to an organisation points here, and coordinators see only the
    organisations they are members of (core.scoping).
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        NGO = "ngo", _("NGO / association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Where the organisation is based."),
    )
    municipalities_served = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        related_name="served_by",
        blank=True,
        help_text=_(
            "People who live here are offered your organisation when they ask for a peer guide "
            "or apply to become one. Leave empty to serve only the municipality you are based in."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    peer_support_form = models.CharField(
        _("form of peer support"),
        max_length=20,
        choices=PeerSupportForm.choices,
        blank=True,
        help_text=_(
            "Which of the three forms of peer support your organisation offers. Reports can "
            "compare results by form; a programme can say otherwise for its courses."
        ),
    )
    crisis_procedure = models.TextField(
        _("what a peer guide does when a participant is in crisis"),
        blank=True,
        help_text=_(
            "Shown to your peer guides on their dashboard. Leave empty to show the standard text."
        ),
    )
    crisis_procedure_en = models.TextField(
        _("what a peer guide does when a participant is in crisis (English)"),
        blank=True,
        help_text=ENGLISH_HELP,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    organisation_path = "pk"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(peer_support_form__in=["", *PeerSupportForm.values]),
                name="core_organisation_peer_support_form_valid",
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role in an organisation. Roles map to permission groups (core.roles)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        ADMIN = "admin", _("Organisation admin")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="core_membership_unique_user_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class TaxonomyTerm(models.Model):
    """A term with a Danish name and an English name, shown in the reader's language."""

    slug = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name (Danish)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Terms not in use are hidden from forms.")
    )

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return translated(self, "name")


class ExperienceArea(TaxonomyTerm):
    """An area of lived experience (angst, depression, ...). Health data when tied to a person."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("experience area")
        verbose_name_plural = _("experience areas")


class Interest(TaxonomyTerm):
    """An interest or activity used to match people (gåture, natur, musik, ...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("interest")
        verbose_name_plural = _("interests")


class CrisisContact(Bilingual, models.Model):
    """Where to get help at once, shown in the crisis box on every participant page and e-mail.

    A contact with neither organisation nor region is national (112, Livslinien); one with a
    region is shown to the organisations in that region (the region's medical helpline); one with
    an organisation is that organisation's own (e.g. the local psychiatric emergency service).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="crisis_contacts",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="crisis_contacts",
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(
        _("name (English)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    phone = models.CharField(_("phone"), max_length=30)
    when = models.CharField(_("opening hours"), max_length=100, blank=True)
    when_en = models.CharField(
        _("opening hours (English)"), max_length=100, blank=True, help_text=ENGLISH_HELP
    )
    description = models.CharField(
        _("when to call"),
        max_length=200,
        blank=True,
        help_text=_("One short line, e.g. “If you have thoughts of suicide”."),
    )
    description_en = models.CharField(
        _("when to call (English)"), max_length=200, blank=True, help_text=ENGLISH_HELP
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("crisis contact")
        verbose_name_plural = _("crisis contacts")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(region__isnull=True),
                name="crisiscontact_organisation_or_region",
                violation_error_message=_("A contact belongs to an organisation or a region."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.phone})"

    @property
    def tel(self) -> str:
        """The number for a tel: link (digits and a leading +)."""
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return digits
