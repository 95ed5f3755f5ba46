"""The report's one base map: countries, regions, the Russia–Kazakhstan border, rivers and labels.

A chapter loads the layers it shows itself, so that its ``data_inputs`` cell declares them, and
passes them in; this module only draws them, in one projection per frame:

    countries = rukz.load_geojson("countries")
    regions = rukz.load_geojson("regions")
    border = rukz.load_geojson("border")
    base = maps.base_layers(countries=countries, regions=regions, border=border, frame="ru-kz")
    chart = maps.map_chart([*base, maps.points(df, color=...), maps.labels(df, "name")],
                           frame="ru-kz", title=..., subtitle=..., description=...)

Every map is fitted to its frame's extent (not to the data of its layers), so a layer that reaches
beyond the frame (Russia, China) is clipped instead of shrinking the map. The HTML face takes its
column's width like every chart; the projection refits to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

LAND = "#f3f3f3"          # countries around the frame
REGION = "#e4e4e4"        # regions of Russia and Kazakhstan
BORDER_REGION = "#d2d2d2"  # regions on the common border, a shade darker
COAST = "#ffffff"
BORDER_LINE = "#222222"
RIVER = "#6a9fc9"
LABEL = "#333333"
MUTED_LABEL = "#777777"


@dataclass(frozen=True)
class Frame:
    """A map's extent (lon/lat box) and the conic projection centred on it."""

    west: float
    south: float
    east: float
    north: float
    parallels: tuple[float, float]

    @property
    def centre_lon(self) -> float:
        return (self.west + self.east) / 2

    def outline(self, steps: int = 12) -> dict:
        """Points along the box's edges: what the projection is fitted to.

        A MultiPoint rather than a polygon: a ring's winding would decide whether d3 reads it as
        the box or as the whole globe minus the box.
        """
        lons = [self.west + (self.east - self.west) * i / steps for i in range(steps + 1)]
        lats = [self.south + (self.north - self.south) * i / steps for i in range(steps + 1)]
        edge = ([(lon, self.south) for lon in lons] + [(lon, self.north) for lon in lons]
                + [(self.west, lat) for lat in lats] + [(self.east, lat) for lat in lats])
        return {"type": "Feature", "properties": {},
                "geometry": {"type": "MultiPoint", "coordinates": [list(p) for p in edge]}}


FRAMES = {
    # The whole common border, from the Caspian to the Altai.
    "ru-kz": Frame(west=45.0, south=40.5, east=88.5, north=58.5, parallels=(45.0, 55.0)),
    # Kaliningrad with Poland, Lithuania, Latvia and Estonia.
    "baltic": Frame(west=13.5, south=49.0, east=29.5, north=60.0, parallels=(51.0, 58.0)),
}

# Where the names of seas and countries sit on each frame (cartographic placement, not data).
AREA_LABELS = {
    "ru-kz": [("Russia", 68.0, 57.6, "country"), ("Kazakhstan", 67.5, 47.6, "country"),
              ("China", 85.0, 42.6, "country"), ("Uzbekistan", 60.5, 42.0, "country"),
              ("Kyrgyzstan", 74.0, 41.6, "country"), ("Mongolia", 88.0, 47.8, "country"),
              ("Caspian Sea", 50.3, 42.5, "water"),
              # A hole in both layers: the complex Kazakhstan leases to Russia.
              ("Baikonur", 63.3, 45.3, "note")],
    "baltic": [("Poland", 19.5, 51.8, "country"), ("Lithuania", 24.0, 55.3, "country"),
               ("Latvia", 25.3, 56.9, "country"), ("Estonia", 25.8, 58.8, "country"),
               ("Belarus", 27.5, 53.3, "country"), ("Russia", 28.6, 57.6, "country"),
               ("Baltic Sea", 17.8, 56.6, "water")],
}


def frame(name: str | Frame) -> Frame:
    """A named frame ("ru-kz", "baltic") or a Frame given as is."""
    if isinstance(name, Frame):
        return name
    if name not in FRAMES:
        raise KeyError(f"no map frame named {name!r} (known: {', '.join(FRAMES)})")
    return FRAMES[name]


def projection(name: str | Frame) -> dict:
    """The frame's conic conformal projection, fitted to its extent (keywords for ``.project``)."""
    box = frame(name)
    return {"type": "conicConformal", "rotate": [-box.centre_lon, 0, 0],
            "parallels": list(box.parallels), "fit": box.outline()}


def _shapes(collection: dict, **mark) -> alt.Chart:
    return alt.Chart(alt.Data(values=collection["features"])).mark_geoshape(clip=True, **mark)


def base_layers(*, countries: dict | None = None, regions: dict | None = None,
                border: dict | None = None, rivers: dict | None = None,
                frame: str | Frame = "ru-kz", area_labels: bool = True,
                river_names: list[str] | None = None) -> list[alt.Chart]:
    """The layers every map shares, bottom to top: land, regions, rivers, the border, names.

    ``countries`` fills the land (and so Baikonur, which the regions layer leaves out);
    ``regions`` draws Russia's and Kazakhstan's regions, those on the common border a shade darker;
    ``rivers`` draws the named rivers (all when ``river_names`` is None); ``border`` is the
    Russia–Kazakhstan line.
    """
    layers: list[alt.Chart] = []
    if countries is not None:
        layers.append(_shapes(countries, fill=LAND, stroke="#bdbdbd", strokeWidth=0.5).encode(
            tooltip=[alt.Tooltip("properties.name_en:N", title="Country")]))
    if regions is not None:
        layers.append(_shapes(regions, stroke=COAST, strokeWidth=0.6).encode(
            fill=alt.condition("datum.properties.border_ru_kz", alt.value(BORDER_REGION),
                               alt.value(REGION)),
            tooltip=[alt.Tooltip("properties.name_en:N", title="Region"),
                     alt.Tooltip("properties.name_ru:N", title="Russian name")]))
    if rivers is not None:
        features = [f for f in rivers["features"]
                    if river_names is None or f["properties"]["river"] in river_names]
        layers.append(_shapes({"features": features}, filled=False, stroke=RIVER, strokeWidth=1.3)
                      .encode(tooltip=[alt.Tooltip("properties.river:N", title="River"),
                                       alt.Tooltip("properties.name_ru:N", title="Russian name")]))
    if border is not None:
        layers.append(_shapes(border, filled=False, stroke=BORDER_LINE, strokeWidth=1.4))
    if area_labels and frame in AREA_LABELS:
        layers.append(_area_labels(frame))
    return layers


def _area_labels(frame_name: str) -> alt.Chart:
    names = pd.DataFrame(AREA_LABELS[frame_name], columns=["name", "lon", "lat", "kind"])
    names["size"] = names["kind"].map({"country": 11, "water": 11, "note": 10})
    return alt.Chart(names).mark_text(fontStyle="italic", clip=True).encode(
        size=alt.Size("size:Q", scale=None, legend=None),
        longitude="lon:Q", latitude="lat:Q", text="name:N",
        color=alt.condition("datum.kind == 'water'", alt.value(RIVER), alt.value(MUTED_LABEL)),
    )


def points(data: pd.DataFrame, *, lon: str = "lon", lat: str = "lat", size: float = 70,
           **encodings) -> alt.Chart:
    """Circles placed by longitude and latitude; extra encodings (color, tooltip...) as given."""
    return alt.Chart(data).mark_circle(size=size, opacity=0.95, stroke="white", strokeWidth=1,
                                       clip=True).encode(
        longitude=f"{lon}:Q", latitude=f"{lat}:Q", **encodings)


# Where a label sits beside its point: offsets in ems of the label's font size, and its alignment.
SIDES = {"right": (0.65, 0.35, "left"), "left": (-0.65, 0.35, "right"), "above": (0, -0.8, "center"),
         "below": (0, 1.35, "center"), "below-left": (-0.3, 1.35, "right")}


def labels(data: pd.DataFrame, text: str, *, lon: str = "lon", lat: str = "lat", dx: float = 0,
           dy: float = -11, align: str = "center", font_size: float = 11,
           side: str | None = None) -> alt.Chart:
    """Place names beside their points (11 px: about 8 pt at the PDF's print width).

    ``side`` (a key of ``SIDES``: "right", "left", "above", "below", "below-left") places them
    there at any font size, instead of ``dx``, ``dy`` and ``align``.
    """
    if side is not None:
        ems_x, ems_y, align = SIDES[side]
        dx, dy = ems_x * font_size, ems_y * font_size
    return alt.Chart(data).mark_text(dx=dx, dy=dy, align=align, fontSize=font_size, color=LABEL,
                                     clip=True).encode(
        longitude=f"{lon}:Q", latitude=f"{lat}:Q", text=f"{text}:N")


def centroids(collection: dict, key: str = "iso_3166_2") -> pd.DataFrame:
    """A label point for each feature (``key``, lon, lat): the area-weighted centre of its largest
    ring, computed in plain longitude and latitude (close enough for placing a label)."""

    def centre(ring):
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area, cx, cy = area + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
        return abs(area) / 2, cx / (3 * area), cy / (3 * area)

    rows = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        _, lon, lat = max((centre(polygon[0]) for polygon in polygons), key=lambda t: t[0])
        rows.append({key: feature["properties"][key], "lon": lon, "lat": lat})
    return pd.DataFrame(rows)


def map_chart(layers: list[alt.Chart], *, frame: str | Frame = "ru-kz", title: str, subtitle: str,
              description: str, source: str = "", data: pd.DataFrame | None = None,
              phone_layers: list[alt.Chart] | None = None, width: int = 600, height: int = 420,
              phone_width: int = 340, phone_height: int = 300) -> alt.LayerChart:
    """All layers in the frame's projection, with a finding for a title, the source line, the rows
    offered for download (``data``) and alt text.

    A map keeps its shape, so on a phone it would shrink to half size and its labels to 5 px:
    ``phone_layers`` (usually the same layers with fewer, larger labels) make a variant drawn at a
    phone's width, which the page shows instead on a narrow screen.
    """
    from .figures import finish

    chart = alt.layer(*layers).project(**projection(frame)).resolve_scale(
        color="independent", size="independent", shape="independent")
    chart = finish(chart, title=title, subtitle=subtitle, source=source, description=description,
                   data=data if data is not None else pd.DataFrame(), width=width, height=height)
    if phone_layers:
        phone = alt.layer(*phone_layers).project(**projection(frame)).resolve_scale(
            color="independent", size="independent", shape="independent").properties(
            width=phone_width, height=phone_height, description=description)
        meta = chart.usermeta.to_dict() if hasattr(chart.usermeta, "to_dict") else dict(chart.usermeta)
        meta["rukz"] = {**meta["rukz"], "phone": phone.to_dict()}
        chart = chart.properties(usermeta=meta)
    return chart
