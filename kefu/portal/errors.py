"""Error codes of the customer portal (``portal.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, KefuError, NotAllowed, NotFound


class RateLimited(KefuError):
    status = 429
    default_code = "portal.rate_limited"
    default_message = _("Too many attempts. Please wait a moment and try again.")


class PortalClosed(NotFound):
    default_code = "portal.closed"
    default_message = _("This service page is not available.")


class LinkNotFound(NotFound):
    default_code = "portal.link_not_found"
    default_message = _("This link does not exist or has expired.")


class PhoneInvalid(InvalidInput):
    default_code = "portal.phone_invalid"
    default_message = _("Enter a valid mobile number.")


class CodeInvalid(InvalidInput):
    default_code = "portal.code_invalid"
    default_message = _("The code is wrong or has expired. Request a new code.")


class CodeTriesExhausted(Conflict):
    default_code = "portal.code_tries_exhausted"
    default_message = _("Too many wrong codes. Request a new code.")


class NotVerified(NotAllowed):
    status = 401
    default_code = "portal.not_verified"
    default_message = _("Please confirm your mobile number first.")


class RequestNotFound(NotFound):
    """The same answer for "no such request" and "not yours" (issue 13)."""

    default_code = "portal.request_not_found"
    default_message = _("No such request.")


class TypeNotOffered(InvalidInput):
    default_code = "portal.type_not_offered"
    default_message = _("Choose one of the listed kinds of request.")


class PhotoInvalid(InvalidInput):
    default_code = "portal.photo_invalid"
    default_message = _("Photos must be JPEG, PNG or WebP images within the size limit.")


class TooManyPhotos(InvalidInput):
    default_code = "portal.too_many_photos"
    default_message = _("Too many photos.")


class RequestFinished(Conflict):
    default_code = "portal.request_finished"
    default_message = _("This request is already finished or withdrawn.")


class NothingToRate(Conflict):
    default_code = "portal.nothing_to_rate"
    default_message = _("There is nothing to rate yet.")


class AlreadyRated(Conflict):
    default_code = "portal.already_rated"
    default_message = _("You have already rated this.")


class ScoreInvalid(InvalidInput):
    default_code = "portal.score_invalid"
    default_message = _("Choose a satisfaction level.")


class TextRequired(InvalidInput):
    default_code = "portal.text_required"
    default_message = _("Please write a few words.")


class NotConfigured(Conflict):
    default_code = "portal.not_configured"
    default_message = _("The portal of this site is not set up.")


class MatchInvalid(InvalidInput):
    default_code = "portal.match_invalid"
    default_message = _("Choose a customer of the request's site.")


class OnlineForbidden(NotAllowed):
    default_code = "portal.online_forbidden"
    default_message = _("Only the designated person for online channels may do this.")


class ReviewForbidden(NotAllowed):
    default_code = "portal.review_forbidden"
    default_message = _("Only the relevant department may review this reply.")


class OwnReplyReview(NotAllowed):
    default_code = "portal.review_own_reply"
    default_message = _("Someone else in the department reviews the reply you drafted.")


class ReplyState(Conflict):
    default_code = "portal.reply_state"
    default_message = _("The public reply is not in the right state for this.")


class SourceInvalid(InvalidInput):
    default_code = "portal.source_invalid"
    default_message = _("Choose the website, forum, Weibo or another online channel.")


class NoticeNotFound(NotFound):
    """The same answer for "no such notice" and "not yours" (issue 13)."""

    default_code = "portal.notice_not_found"
    default_message = _("No such notice, or the link has expired.")
