"""Public pages of the dialogues app. (Skeleton: fleshed out in views work.)"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.translation import get_language_from_request
from django.views.generic import DetailView, ListView, TemplateView

from .models import Event


def root_redirect(request):
    """Send "/" to the reader's language, Kyrgyz when the browser asks for none we have."""
    language = get_language_from_request(request, check_path=False) or settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")


class HomeView(TemplateView):
    template_name = "dialogues/home.html"


class EventListView(ListView):
    template_name = "dialogues/event_list.html"
    queryset = Event.objects.published()


class EventDetailView(DetailView):
    template_name = "dialogues/event_detail.html"
    queryset = Event.objects.published()
