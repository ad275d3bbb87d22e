"""The graph as downloadable files, and the VoID/DCAT description of the dataset."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import FileResponse, Response

from .negotiation import choose
from .openapi import errors, ok
from .service_description import DUMPS, dataset_description
from .sparql_pool import GRAPH_TYPES

router = APIRouter(tags=["dataset"])


@router.get(
    "/dumps/{name}",
    summary="The whole graph as one file: rskg.ttl, rskg.nt or rskg.jsonld",
    response_class=FileResponse,
    responses=ok("text/turtle", "application/n-triples", "application/ld+json") | errors(404),
)
def dump(name: Annotated[str, Path(examples=["rskg.ttl"])], request: Request) -> FileResponse:
    if name not in DUMPS:
        raise HTTPException(404, f"no dump {name!r}; there are {', '.join(DUMPS)}")
    path = request.app.state.resources.state / "dumps" / name
    if not path.is_file():
        raise HTTPException(404, "this index was built before dumps were written; run `rskg ingest --rebuild` to make them")
    return FileResponse(path, media_type=DUMPS[name][0], filename=name)


@router.get(
    "/void",
    summary="VoID/DCAT description of the dataset: triple counts, last ingest, sources, dumps",
    response_class=Response,
    responses=ok(*GRAPH_TYPES) | errors(406),
)
def void(request: Request) -> Response:
    resources = request.app.state.resources
    media = choose(request.headers.get("accept") or "*/*", list(GRAPH_TYPES), {"application/json": ["application/ld+json"]})
    if media is None:
        raise HTTPException(406, f"the description comes as {', '.join(GRAPH_TYPES)}")
    folder = resources.state / "dumps"
    sizes = {name: (folder / name).stat().st_size for name in DUMPS if (folder / name).is_file()}
    return Response(dataset_description(request, resources, sizes, media), media_type=media, headers={"Vary": "Accept"})
