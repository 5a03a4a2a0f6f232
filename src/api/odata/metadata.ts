/**
 * The service document and a minimal CSDL `$metadata` (OData 4.01 CSDL XML): the entity types, sets and
 * actions this hub serves, enough for generic OData clients to discover them. Typed attributes are the
 * OData.CSC.*Attribute derived types CDSE uses (CDSE §1.2); Orders and the Order, BatchOrder and Cancel
 * actions follow the CSC LTA ICD as orders.ts serves them (reference/cdse.md §6.2).
 */
const ENTITY_SETS = ['Products', 'DeletedProducts', 'Collections', 'Orders'] as const;

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

/**
 * The Order entity (presentOrder in orders.ts) and its actions: OData.CSC.Order bound to a product
 * (`Products(<Id>)/OData.CSC.Order`) and, overloaded, to the BatchOrder set (`BatchOrder/OData.CSC.Order`,
 * as CDSE's URL has it; its orders share a BatchOrderId, and the set itself is not listed), and
 * OData.CSC.Cancel bound to an order (`Orders(<Id>)/OData.CSC.Cancel`).
 */
const ORDER_TYPES = `      <EnumType Name="OrderStatus">
        <Member Name="queued"/><Member Name="in_progress"/><Member Name="completed"/><Member Name="failed"/><Member Name="cancelled"/>
      </EnumType>
      <EntityType Name="Order">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
        <Property Name="Status" Type="OData.CSC.OrderStatus" Nullable="false"/>
        <Property Name="StatusMessage" Type="Edm.String"/>
        <Property Name="OrderSize" Type="Edm.Int64"/>
        <Property Name="SubmissionDate" Type="Edm.DateTimeOffset"/>
        <Property Name="EstimatedDate" Type="Edm.DateTimeOffset"/>
        <Property Name="CompletedDate" Type="Edm.DateTimeOffset"/>
        <Property Name="EvictionDate" Type="Edm.DateTimeOffset"/>
        <Property Name="Priority" Type="Edm.Int32"/>
        <Property Name="ProductId" Type="Edm.Guid"/>
        <Property Name="ProductName" Type="Edm.String"/>
        <Property Name="BatchOrderId" Type="Edm.Guid"/>
      </EntityType>
      <EntityType Name="BatchOrder">
        <Key><PropertyRef Name="Id"/></Key>
        <Property Name="Id" Type="Edm.Guid" Nullable="false"/>
      </EntityType>
      <ComplexType Name="ProductReference"><Property Name="Id" Type="Edm.Guid" Nullable="false"/></ComplexType>
      <Action Name="Order" IsBound="true">
        <Parameter Name="product" Type="OData.CSC.Product" Nullable="false"/>
        <Parameter Name="Priority" Type="Edm.Int32"/>
        <ReturnType Type="OData.CSC.Order" Nullable="false"/>
      </Action>
      <Action Name="Order" IsBound="true">
        <Parameter Name="batch" Type="Collection(OData.CSC.BatchOrder)" Nullable="false"/>
        <Parameter Name="Products" Type="Collection(OData.CSC.ProductReference)"/>
        <Parameter Name="IdentifierList" Type="Collection(Edm.Guid)"/>
        <Parameter Name="Priority" Type="Edm.Int32"/>
        <ReturnType Type="Collection(OData.CSC.Order)" Nullable="false"/>
      </Action>
      <Action Name="Cancel" IsBound="true">
        <Parameter Name="order" Type="OData.CSC.Order" Nullable="false"/>
        <ReturnType Type="OData.CSC.Order" Nullable="false"/>
      </Action>`;

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
${ORDER_TYPES}
      <EntityContainer Name="Container">
        <EntitySet Name="Products" EntityType="OData.CSC.Product"/>
        <EntitySet Name="DeletedProducts" EntityType="OData.CSC.DeletedProduct"/>
        <EntitySet Name="Collections" EntityType="OData.CSC.Collection"/>
        <EntitySet Name="Orders" EntityType="OData.CSC.Order"/>
        <EntitySet Name="BatchOrder" EntityType="OData.CSC.BatchOrder"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;
