import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; send them to the real icon.
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def media_file(request, path):
    """An uploaded file from the default storage; for the browser tests only (SERVE_MEDIA_FROM_STORAGE),
    whose storage is in memory. In production the proxy serves /media/."""
    if ".." in path.split("/") or not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(path), content_type=content_type)
