app_name = "cadences"

urlpatterns: list = []
