"""A liveness probe that touches neither the database nor a template.

Load balancers poll it, and the page benchmark (bench/pages.py) uses it as the
ceiling: the throughput of a request that passes the whole middleware stack and
does nothing else.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
