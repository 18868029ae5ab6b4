// Azure resources for "Kvalitetsaftaler i Teams" (used by arm/deploy in ../m365agents.yml):
//  - an App Service plan (Linux) and a Web App on Node 20 that runs the one server process
//    (API, bot endpoint /api/messages, the built tab under /tab/);
//  - an Azure Bot registration for the bot's Entra app, with the Microsoft Teams channel.
// The outputs are written back to env/.env.<env> by the toolkit.

@maxLength(20)
@minLength(4)
@description('Prefix for resource names: letters and digits, globally unique with the suffix (the Web App becomes <name>.azurewebsites.net).')
param resourceBaseName string

@description('App Service plan SKU. B1 or higher (Always On is needed for the reminder scheduler).')
param webAppSku string = 'B1'

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@maxLength(42)
param botDisplayName string

@description('Client id of the bot\'s Entra app (BOT_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Entra app (SECRET_BOT_PASSWORD).')
param botAadAppClientSecret string

@description('Client id of the SSO / Graph Entra app (AAD_APP_CLIENT_ID).')
param aadAppClientId string

@secure()
@description('Client secret of the SSO / Graph Entra app (SECRET_AAD_APP_CLIENT_SECRET).')
param aadAppClientSecret string

param aadAppTenantId string = tenant().tenantId
param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'
param teamsAppId string

@description('Optional host name you bind to the Web App yourself (DNS + certificate). Empty: the default *.azurewebsites.net host name.')
param customDomain string = ''

@description('Optional: Graph id of the SharePoint site the app stores its lists in (Sites.Selected).')
param sharePointSiteId string = ''

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

param location string = resourceGroup().location

resource plan 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'npm start'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

var appDomain = empty(customDomain) ? webApp.properties.defaultHostName : customDomain

// App settings live in their own resource so they can use the Web App's host name.
// App Service sets PORT itself; the server must listen on it.
resource appSettings 'Microsoft.Web/sites/config@2022-09-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    NODE_ENV: 'production'
    AUTH_MODE: 'teams'
    LOG_LEVEL: logLevel
    PUBLIC_URL: 'https://${appDomain}'
    APP_DOMAIN: appDomain
    // /home is the Web App's persistent storage. The embedded store suits one instance; scale out
    // only with the SharePoint store.
    DB_PATH: '/home/data/kvalitetsaftaler.db'
    // Remote build on deploy: npm install + npm run build on App Service. App settings are visible
    // to the build, so NODE_ENV=production would make npm skip devDependencies, which `npm start`
    // needs (tsx, vite): include them explicitly.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
    NPM_CONFIG_INCLUDE: 'dev'
    DEMO_DATA: 'off'
    // App Service's front end is the one hop in front of the app: its X-Forwarded-For is believed, no other.
    TRUST_PROXY: '1'
    TEAMS_APP_ID: teamsAppId
    BOT_ID: botAadAppClientId
    BOT_PASSWORD: botAadAppClientSecret
    // The same bot credentials under the names botbuilder's ConfigurationBotFrameworkAuthentication reads.
    MicrosoftAppType: 'SingleTenant'
    MicrosoftAppId: botAadAppClientId
    MicrosoftAppPassword: botAadAppClientSecret
    MicrosoftAppTenantId: tenant().tenantId
    AAD_APP_CLIENT_ID: aadAppClientId
    AAD_APP_CLIENT_SECRET: aadAppClientSecret
    AAD_APP_TENANT_ID: aadAppTenantId
    AAD_APP_OAUTH_AUTHORITY_HOST: aadAppOauthAuthorityHost
    SHAREPOINT_SITE_ID: sharePointSiteId
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${appDomain}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenant().tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written to env/.env.<env> by arm/deploy.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output APP_DOMAIN string = appDomain
output APP_ENDPOINT string = 'https://${appDomain}'
