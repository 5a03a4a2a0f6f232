/**
 * The service document and a minimal CSDL `$metadata` (OData 4.01 CSDL XML): the entity types and sets
 * this hub serves, enough for generic OData clients to discover them. Typed attributes are the
 * OData.CSC.*Attribute derived types CDSE uses (CDSE §1.2).
 */
const ENTITY_SETS = ['Products', 'DeletedProducts', 'Collections'] as const;

export const SERVICE_DOCUMENT = {
  '@odata.context': '$metadata',
  value: ENTITY_SETS.map((name) => ({ name, kind: 'EntitySet', url: name })),
};

const PRODUCT_PROPERTIES = `
        <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
        <Property Name="Name" Type="Edm.String" Nullable="false"/>
        <Property Name="ContentType" Type="Edm.String"/>
        <Property Name="ContentLength" Type="Edm.Int64"/>
        <Property Name="OriginDate" Type="Edm.DateTimeOffset"/>
        <Property Name="PublicationDate" Type="Edm.DateTimeOffset"/>
        <Property Name="ModificationDate" Type="Edm.DateTimeOffset"/>
        <Property Name="Online" Type="Edm.Boolean"/>
        <Property Name="EvictionDate" Type="Edm.DateTimeOffset"/>
        <Property Name="S3Path" Type="Edm.String"/>
        <Property Name="Checksum" Type="Collection(OData.CSC.Checksum)"/>
        <Property Name="ContentDate" Type="OData.CSC.TimeRange"/>
        <Property Name="Footprint" Type="Edm.Geography"/>
        <Property Name="GeoFootprint" Type="Edm.Untyped"/>
        <NavigationProperty Name="Attributes" Type="Collection(OData.CSC.Attribute)"/>`;

const ATTRIBUTE_TYPES = [
  ['String', 'Edm.String'],
  ['Integer', 'Edm.Int64'],
  ['Double', 'Edm.Double'],
  ['DateTimeOffset', 'Edm.DateTimeOffset'],
  ['Boolean', 'Edm.Boolean'],
]
  .map(
    ([t, edm]) =>
      `      <EntityType Name="${t}Attribute" BaseType="OData.CSC.Attribute"><Property Name="Value" Type="${edm}"/></EntityType>`,
  )
  .join('\n');

export const METADATA_XML = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
  <edmx:DataServices>
    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="OData.CSC">
      <ComplexType Name="Checksum">
        <Property Name="Value" Type="Edm.String"/><Property Name="Algorithm" Type="Edm.String"/><Property Name="ChecksumDate" Type="Edm.DateTimeOffset"/>
      </ComplexType>
      <ComplexType Name="TimeRange"><Property Name="Start" Type="Edm.DateTimeOffset"/><Property Name="End" Type="Edm.DateTimeOffset"/></ComplexType>
      <EntityType Name="Attribute" Abstract="true">
        <Key><PropertyRef Name="Name"/></Key>
        <Property Name="Name" Type="Edm.String" Nullable="false"/><Property Name="ValueType" Type="Edm.String"/>
      </EntityType>
${ATTRIBUTE_TYPES}
      <EntityType Name="Product" HasStream="true">
        <Key><PropertyRef Name="Id"/></Key>${PRODUCT_PROPERTIES}
      </EntityType>
      <EntityType Name="DeletedProduct" BaseType="OData.CSC.Product">
        <Property Name="DeletionDate" Type="Edm.DateTimeOffset"/><Property Name="DeletionCause" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="Collection">
        <Key><PropertyRef Name="Name"/></Key>
        <Property Name="Name" Type="Edm.String" Nullable="false"/><Property Name="Title" Type="Edm.String"/><Property Name="Description" Type="Edm.String"/>
      </EntityType>
      <EntityContainer Name="Container">
        <EntitySet Name="Products" EntityType="OData.CSC.Product"/>
        <EntitySet Name="DeletedProducts" EntityType="OData.CSC.DeletedProduct"/>
        <EntitySet Name="Collections" EntityType="OData.CSC.Collection"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;
