from django.urls import path

from leadwell.leadership import views
from leadwell.leadership.pivot.urls import urlpatterns as pivot
from leadwell.leadership.vision.urls import urlpatterns as vision
from leadwell.leadership.yourself.urls import urlpatterns as yourself

app_name = "leadership"

urlpatterns = [
    path("leadership/", views.leadership_home, name="home"),
    *vision,
    *yourself,
    *pivot,
]
