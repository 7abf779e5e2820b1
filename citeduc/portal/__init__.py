"""What a person sees first: their home after login (one per role), the site's menu and the site
map, each listing only the pages that person may open. The top of the apps: it reads them all."""
