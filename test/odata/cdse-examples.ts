/**
 * The example queries of CDSE's OData documentation (documentation.dataspace.copernicus.eu, "OData":
 * query by name, by collection and sensing date, by geography, by attributes, ordering and paging),
 * kept in their form and adapted in their values to the products of ../shared/samples that
 * cdse-examples.test.ts ingests. `expected` lists sample folder names; `ordered` says the order counts.
 */

/** The samples the examples run against, by a short key. */
export const EXAMPLE_SAMPLES = {
  s2L1cItaly: 'S2A_MSIL1C_20210403T101021_N0300_R022_T33TUM_20210403T110551',
  s2L2aBrazil: 'S2B_MSIL2A_20210122T133229_N0214_R081_T22HBD_20210122T155500',
  s2L2aSvalbard: 'S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126',
  s2L1cPyrenees: 'S2A_MSIL1C_20180101T105441_N0206_R051_T31TDH_20180101T124911',
  s1GrdFrance: 'S1A_IW_GRDH_1SDV_20210809T173953_20210809T174018_039156_049F13_6FF8',
  s1GrdmArctic: 'S1A_EW_GRDM_1SDH_20221130T014342_20221130T014446_046117_058549_BB15',
  s1SlcCanada: 'S1A_IW_SLC__1SDH_20220414T102209_20220414T102236_042768_051AA4_E677',
  s1Orbit: 'S1A_OPER_AUX_RESORB_OPOD_20230823T162050_V20230823T123139_20230823T154909',
  s3Lst: 'S3A_SL_2_LST____20210510T002955_20210510T003255_20210511T101010_0179_071_301_5760_LN2_O_NT_004',
  s5pNo2: 'S5P_NRTI_L2__NO2____20210827T012135_20210827T012635_20056_02_020200_20210827T021525',
} as const;

export type SampleKey = keyof typeof EXAMPLE_SAMPLES;

export interface CdseExample {
  readonly title: string;
  /** The query options, unencoded. */
  readonly options: Readonly<Record<string, string>>;
  readonly expected: readonly SampleKey[];
  readonly ordered?: boolean;
}

// The documentation's Central Europe polygon, unchanged.
const CENTRAL_EUROPE =
  "geography'SRID=4326;POLYGON((12.655118166047592 47.44667197521409,21.39065656328509 48.347694733853245,28.334291357162826 41.877123516783655,17.47086198383573 40.35854475076158,12.655118166047592 47.44667197521409))'";

export const CDSE_EXAMPLES: readonly CdseExample[] = [
  {
    title: 'Query by name (exact, with extension)',
    options: { $filter: "Name eq 'S1A_IW_GRDH_1SDV_20210809T173953_20210809T174018_039156_049F13_6FF8.SAFE'" },
    expected: ['s1GrdFrance'],
  },
  {
    title: 'Query by name: contains',
    options: { $filter: "contains(Name,'S1A')" },
    expected: ['s1GrdFrance', 's1GrdmArctic', 's1SlcCanada', 's1Orbit'],
  },
  { title: 'Query by name: startswith', options: { $filter: "startswith(Name,'S1A_EW_GRDM')" }, expected: ['s1GrdmArctic'] },
  { title: 'Query by name: endswith', options: { $filter: "endswith(Name,'.SEN3')" }, expected: ['s3Lst'] },
  {
    title: 'Query by collection and sensing date',
    options: {
      $filter:
        "Collection/Name eq 'SENTINEL-2' and ContentDate/Start gt 2021-01-01T00:00:00.000Z and ContentDate/Start lt 2021-12-31T23:59:59.999Z",
    },
    expected: ['s2L1cItaly', 's2L2aBrazil'],
  },
  {
    title: 'Query by sensing date (start and end)',
    options: { $filter: 'ContentDate/Start gt 2021-08-09T00:00:00.000Z and ContentDate/End lt 2021-08-10T00:00:00.000Z' },
    expected: ['s1GrdFrance'],
  },
  {
    title: 'Query by geographic criteria (polygon) and collection',
    options: { $filter: `Collection/Name eq 'SENTINEL-2' and OData.CSC.Intersects(area=${CENTRAL_EUROPE})` },
    expected: ['s2L1cItaly'],
  },
  {
    title: 'Query by geographic criteria (point)',
    options: { $filter: "OData.CSC.Intersects(area=geography'SRID=4326;POINT(13.2 46.5)')" },
    expected: ['s2L1cItaly'],
  },
  {
    title: 'Query by geographic criteria (multipolygon)',
    options: {
      $filter:
        "OData.CSC.Intersects(area=geography'SRID=4326;MULTIPOLYGON (((1 42, 3 42, 3 43.5, 1 43.5, 1 42)), ((3 45, 4 45, 4 46, 3 46, 3 45)))')",
    },
    expected: ['s2L1cPyrenees', 's1GrdFrance'],
  },
  {
    title: 'Query by geographic criteria across the antimeridian',
    options: { $filter: "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((170 -10,-170 -10,-170 10,170 10,170 -10))')" },
    expected: ['s5pNo2'],
  },
  {
    title: 'Query by cloud cover',
    options: {
      $filter:
        "Collection/Name eq 'SENTINEL-2' and Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value le 40.00)",
    },
    expected: ['s2L2aBrazil', 's2L1cPyrenees'],
  },
  {
    title: 'Query by product type',
    options: {
      $filter:
        "Collection/Name eq 'SENTINEL-2' and Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and att/OData.CSC.StringAttribute/Value eq 'S2MSI1C')",
    },
    expected: ['s2L1cItaly', 's2L1cPyrenees'],
  },
  {
    title: 'Query by orbit number (integer attribute)',
    options: {
      $filter: "Attributes/OData.CSC.IntegerAttribute/any(att:att/Name eq 'orbitNumber' and att/OData.CSC.IntegerAttribute/Value eq 39156)",
    },
    expected: ['s1GrdFrance'],
  },
  {
    title: 'Query by slice flag (boolean attribute)',
    options: {
      $filter:
        "Attributes/OData.CSC.BooleanAttribute/any(att:att/Name eq 'sliceProductFlag' and att/OData.CSC.BooleanAttribute/Value eq true)",
    },
    expected: ['s1GrdFrance', 's1GrdmArctic', 's1SlcCanada'],
  },
  {
    title: 'Query by processing date (DateTimeOffset attribute)',
    options: {
      $filter:
        "Collection/Name eq 'SENTINEL-1' and Attributes/OData.CSC.DateTimeOffsetAttribute/any(att:att/Name eq 'processingDate' and att/OData.CSC.DateTimeOffsetAttribute/Value gt 2022-04-01T00:00:00.000Z)",
    },
    expected: ['s1GrdmArctic', 's1SlcCanada', 's1Orbit'],
  },
  {
    title: 'Query by orbit direction and platform (two lambdas)',
    options: {
      $filter:
        "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'orbitDirection' and att/OData.CSC.StringAttribute/Value eq 'ASCENDING') and Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'platformSerialIdentifier' and att/OData.CSC.StringAttribute/Value eq 'A')",
    },
    expected: ['s1GrdFrance', 's3Lst'],
  },
  { title: 'Query online products', options: { $filter: "Online eq true and Collection/Name eq 'SENTINEL-5P'" }, expected: ['s5pNo2'] },
  {
    title: 'Query with not',
    options: { $filter: "Collection/Name eq 'SENTINEL-2' and not contains(Name,'MSIL2A')" },
    expected: ['s2L1cItaly', 's2L1cPyrenees'],
  },
  {
    title: 'Query with or',
    options: { $filter: "Collection/Name eq 'SENTINEL-3' or Collection/Name eq 'SENTINEL-5P'" },
    expected: ['s3Lst', 's5pNo2'],
  },
  {
    title: 'Order by sensing date, descending, top 3',
    options: { $orderby: 'ContentDate/Start desc', $top: '3' },
    expected: ['s1Orbit', 's1GrdmArctic', 's1SlcCanada'],
    ordered: true,
  },
  {
    title: 'Order by sensing date, ascending, in a collection',
    options: { $filter: "Collection/Name eq 'SENTINEL-2'", $orderby: 'ContentDate/Start asc' },
    expected: ['s2L1cPyrenees', 's2L2aBrazil', 's2L1cItaly', 's2L2aSvalbard'],
    ordered: true,
  },
  {
    title: 'Skip and top',
    options: { $filter: "Collection/Name eq 'SENTINEL-2'", $orderby: 'ContentDate/Start asc', $skip: '1', $top: '2' },
    expected: ['s2L2aBrazil', 's2L1cItaly'],
    ordered: true,
  },
];
